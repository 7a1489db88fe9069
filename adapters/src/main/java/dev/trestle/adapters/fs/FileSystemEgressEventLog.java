package dev.trestle.adapters.fs;

import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.port.out.EgressEventLogPort;
import java.util.List;

/** {@code meta/egress_events.jsonl} of each Workbench: one line per outbound request. */
public final class FileSystemEgressEventLog implements EgressEventLogPort {
    private final WorkbenchDirs dirs;

    FileSystemEgressEventLog(WorkbenchDirs dirs) {
        this.dirs = dirs;
    }

    @Override
    public void append(String workbenchId, EgressEvent event) {
        WorkbenchDir d = dirs.ready(workbenchId, Phase.WORKSHOP);
        JsonFiles.appendLine(d.egressEvents(), LineForms.egress(event), Phase.WORKSHOP);
    }

    @Override
    public List<EgressEvent> list(String workbenchId, int limit) {
        WorkbenchDir d = dirs.ready(workbenchId, Phase.WORKSHOP);
        List<EgressEvent> all = JsonFiles.readLines(d.egressEvents(), LineForms::egress, Phase.WORKSHOP);
        if (limit > 0 && all.size() > limit) {
            return List.copyOf(all.subList(all.size() - limit, all.size()));
        }
        return all;
    }
}
