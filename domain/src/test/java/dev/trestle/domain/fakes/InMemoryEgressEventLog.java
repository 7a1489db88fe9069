package dev.trestle.domain.fakes;

import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.port.out.EgressEventLogPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Egress events per Workbench in memory, oldest first. */
public final class InMemoryEgressEventLog implements EgressEventLogPort {
    private final Map<String, List<EgressEvent>> byWorkbench = new HashMap<>();

    @Override
    public synchronized void append(String workbenchId, EgressEvent event) {
        byWorkbench.computeIfAbsent(workbenchId, k -> new ArrayList<>()).add(event);
    }

    @Override
    public synchronized List<EgressEvent> list(String workbenchId, int limit) {
        List<EgressEvent> all = byWorkbench.getOrDefault(workbenchId, List.of());
        int from = limit > 0 ? Math.max(0, all.size() - limit) : 0;
        return List.copyOf(all.subList(from, all.size()));
    }
}
