package dev.trestle.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.port.out.JsonParserPort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JsonParserPort} must do: find the first complete JSON object in a model's free text (code fences
 * and prose around it allowed) and hand it over as plain maps, lists, numbers, strings, booleans and nulls.
 */
public abstract class JsonParserPortContract {
    private JsonParserPort parser;

    protected abstract JsonParserPort newParser();

    @BeforeEach
    void setUp() {
        parser = newParser();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(String text) {
        return (Map<String, Object>) parser.firstObject(text).orElseThrow();
    }

    @Test
    void a_fenced_object_inside_prose_is_found() {
        Map<String, Object> o = object("Here is the plan:\n```json\n{\"summary\": \"ok\", \"n\": 2}\n```\nDone.");
        assertThat(o).containsEntry("summary", "ok");
        assertThat(((Number) o.get("n")).intValue()).isEqualTo(2);
    }

    @Test
    void values_become_plain_java_types_and_keys_keep_their_order() {
        Map<String, Object> o = object("{\"z\": 1, \"a\": [true, null, \"s\", 1.5], \"m\": {\"k\": false}}");
        assertThat(o.keySet()).containsExactly("z", "a", "m");
        assertThat((List<Object>) o.get("a")).hasSize(4).containsSequence(true, null, "s");
        assertThat(((Number) ((List<?>) o.get("a")).get(3)).doubleValue()).isEqualTo(1.5);
        assertThat(o.get("m")).isEqualTo(Map.of("k", false));
    }

    @Test
    void the_first_complete_object_wins() {
        assertThat(object("{\"first\": 1} and then {\"second\": 2}")).containsOnlyKeys("first");
        assertThat(object("a stray { brace, then {\"real\": true}")).containsOnlyKeys("real");
    }

    @Test
    void text_without_a_complete_object_gives_nothing() {
        assertThat(parser.firstObject("no json here")).isEmpty();
        assertThat(parser.firstObject("{\"cut\": \"off")).isEmpty();
        assertThat(parser.firstObject("[1, 2, 3]")).isEmpty();
        assertThat(parser.firstObject("")).isEmpty();
        assertThat(parser.firstObject(null)).isEmpty();
    }
}
