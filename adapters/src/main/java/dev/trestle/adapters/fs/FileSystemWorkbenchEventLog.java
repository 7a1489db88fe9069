package dev.trestle.adapters.fs;

import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.port.out.WorkbenchEventLogPort;
import java.util.Map;

/** {@code meta/workbench_events.jsonl}, mirrored to {@code engine.log}. */
public final class FileSystemWorkbenchEventLog implements WorkbenchEventLogPort {
    private final WorkbenchDirs dirs;

    FileSystemWorkbenchEventLog(WorkbenchDirs dirs) {
        this.dirs = dirs;
    }

    @Override
    public void append(String workbenchId, String kind, ErrorInfo error, Map<String, ?> metadata) {
        WorkbenchDir d = dirs.ready(workbenchId, Phase.WORKBENCH);
        dirs.ctx.event(d, kind, error, metadata);
    }
}
