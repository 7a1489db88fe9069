package dev.trestle.domain.fakes;

import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.port.out.WorkbenchEventLogPort;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records {@code workbench_events.jsonl} appends in order. */
public final class InMemoryWorkbenchEventLog implements WorkbenchEventLogPort {
    /** One appended event. */
    public record Entry(String workbenchId, String kind, ErrorInfo error, Map<String, Object> metadata) {
    }

    private final List<Entry> entries = new ArrayList<>();

    @Override
    public synchronized void append(String workbenchId, String kind, ErrorInfo error, Map<String, ?> metadata) {
        Map<String, Object> copy = metadata == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        entries.add(new Entry(workbenchId, kind, error, copy));
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized List<Entry> entries(String workbenchId) {
        return entries.stream().filter(e -> e.workbenchId().equals(workbenchId)).toList();
    }

    /** Kinds logged for a Workbench, oldest first. */
    public synchronized List<String> kinds(String workbenchId) {
        return entries(workbenchId).stream().map(Entry::kind).toList();
    }
}
