package dev.trestle.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.trestle.domain.port.out.EngineLogPort;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EngineLogPort} must do: keep each line's level, event and fields in call order, never throw
 * (logging never stops the engine). Redacting secret-named fields is the file adapter's own rule (its test); the
 * fake keeps every value so tests can prove a secret never reached the log at all.
 */
public abstract class EngineLogPortContract {
    /** One logged line as a reader of the log sees it; field values as text. */
    public record Line(String level, String event, Map<String, String> fields) {
    }

    private EngineLogPort log;

    /** A log with debug lines enabled. */
    protected abstract EngineLogPort newLog();

    /** Every line logged so far, oldest first. */
    protected abstract List<Line> lines() throws Exception;

    @BeforeEach
    void setUp() {
        log = newLog();
    }

    @Test
    void lines_keep_level_event_fields_and_order() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("workbench_id", "wb1");
        fields.put("bytes", 42);
        fields.put("ok", true);
        log.info("first", fields);
        log.warn("second", Map.of("reason", "disk"));
        log.debug("third", Map.of());
        List<Line> lines = lines();
        assertThat(lines).extracting(Line::event).containsExactly("first", "second", "third");
        assertThat(lines).extracting(Line::level).containsExactly("INFO", "WARN", "DEBUG");
        assertThat(lines.get(0).fields()).containsEntry("workbench_id", "wb1").containsEntry("bytes", "42")
                .containsEntry("ok", "true");
        assertThat(lines.get(1).fields()).containsEntry("reason", "disk");
    }

    @Test
    void odd_input_never_throws_and_still_logs() throws Exception {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("missing", null);
        assertThatCode(() -> {
            log.info("null_fields", null);
            log.warn("null_value", withNull);
            log.info("nested", Map.of("list", List.of(1, "two"), "map", Map.of("k", "v")));
        }).doesNotThrowAnyException();
        assertThat(lines()).extracting(Line::event).containsExactly("null_fields", "null_value", "nested");
    }
}
