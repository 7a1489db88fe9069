package dev.trestle.domain.port.out;

import dev.trestle.domain.model.EgressEvent;
import java.util.List;

/** {@code egress_events.jsonl}. */
public interface EgressEventLogPort {
    void append(String workbenchId, EgressEvent event);

    /** Oldest first; the last {@code limit} when {@code limit} &gt; 0. */
    List<EgressEvent> list(String workbenchId, int limit);
}
