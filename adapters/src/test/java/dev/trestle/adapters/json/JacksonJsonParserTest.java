package dev.trestle.adapters.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JacksonJsonParserTest {
    private final JacksonJsonParser parser = new JacksonJsonParser();

    @Test
    void finds_the_object_inside_a_code_fence_with_prose_around_it() {
        String answer = "Here you go:\n```json\n{\"summary\": \"s\", \"no_changes\": false, "
                + "\"writes\": [{\"path\": \"a.md\", \"content\": \"x\"}], \"warnings\": []}\n```\nDone.";
        Object parsed = parser.firstObject(answer).orElseThrow();
        assertThat(parsed).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) parsed;
        assertThat(map.get("summary")).isEqualTo("s");
        assertThat(map.get("no_changes")).isEqualTo(false);
        assertThat((List<?>) map.get("writes")).hasSize(1);
    }

    @Test
    void skips_a_brace_that_does_not_start_valid_json() {
        Object parsed = parser.firstObject("use {braces} like {\"a\": 1}").orElseThrow();
        assertThat(((Map<?, ?>) parsed).get("a")).isEqualTo(1);
    }

    @Test
    void answers_empty_when_there_is_no_object() {
        assertThat(parser.firstObject("no json here")).isEmpty();
        assertThat(parser.firstObject("[1, 2]")).isEmpty();
        assertThat(parser.firstObject(null)).isEmpty();
    }

    @Test
    void keeps_nested_values_and_nulls() {
        Map<?, ?> map = (Map<?, ?>) parser.firstObject("{\"a\": {\"b\": [true, null, 2.5]}}").orElseThrow();
        assertThat(((Map<?, ?>) map.get("a")).get("b")).isEqualTo(java.util.Arrays.asList(true, null, 2.5));
    }
}
