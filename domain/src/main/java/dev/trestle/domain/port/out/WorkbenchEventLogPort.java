package dev.trestle.domain.port.out;

import dev.trestle.domain.model.ErrorInfo;
import java.util.Map;

/** {@code workbench_events.jsonl}: {@code {timestamp, kind, error?, metadata?}}. */
public interface WorkbenchEventLogPort {
    void append(String workbenchId, String kind, ErrorInfo error, Map<String, ?> metadata);
}
