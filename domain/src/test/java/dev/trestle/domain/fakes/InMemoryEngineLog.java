package dev.trestle.domain.fakes;

import dev.trestle.domain.port.out.EngineLogPort;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records log calls (level, event, a copy of the fields) in order; thread-safe. */
public final class InMemoryEngineLog implements EngineLogPort {
    /** One recorded call. */
    public record Entry(String level, String event, Map<String, Object> fields) {
    }

    private final List<Entry> entries = new ArrayList<>();

    @Override
    public void info(String event, Map<String, ?> fields) {
        record("INFO", event, fields);
    }

    @Override
    public void warn(String event, Map<String, ?> fields) {
        record("WARN", event, fields);
    }

    @Override
    public void debug(String event, Map<String, ?> fields) {
        record("DEBUG", event, fields);
    }

    private synchronized void record(String level, String event, Map<String, ?> fields) {
        Map<String, Object> copy = new LinkedHashMap<>();
        if (fields != null) {
            copy.putAll(fields);
        }
        entries.add(new Entry(level, event, Collections.unmodifiableMap(copy)));
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Entries of one event name. */
    public synchronized List<Entry> entries(String event) {
        return entries.stream().filter(e -> e.event().equals(event)).toList();
    }

    public synchronized List<String> events() {
        return entries.stream().map(Entry::event).toList();
    }

    /** Whether {@code text} appears in any event name or field value (for "no secret logged" checks). */
    public synchronized boolean mentions(String text) {
        return entries.stream().anyMatch(e -> e.event().contains(text) || String.valueOf(e.fields()).contains(text));
    }
}
