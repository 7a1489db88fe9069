package dev.trestle.adapters.fs;

import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.port.out.CheckpointStorePort;
import java.util.Optional;
import java.util.function.Consumer;

/** Checkpoints as manifests over the content store ({@code storage.md} §6, §8, §10). */
public final class FileSystemCheckpointStore implements CheckpointStorePort {
    private final WorkbenchDirs dirs;
    private final CheckpointIndex index;
    private final CheckpointCreator creator;
    private final Restorer restorer;

    FileSystemCheckpointStore(WorkbenchDirs dirs, CheckpointIndex index, CheckpointCreator creator,
                              Restorer restorer) {
        this.dirs = dirs;
        this.index = index;
        this.creator = creator;
        this.restorer = restorer;
    }

    @Override
    public CheckpointMetadata create(String workbenchId, CheckpointReason reason, String description) {
        return creator.create(dirs.ready(workbenchId, Phase.WORKBENCH), reason, description);
    }

    @Override
    public Listing list(String workbenchId) {
        return index.list(dirs.ready(workbenchId, Phase.WORKBENCH));
    }

    @Override
    public Optional<CheckpointMetadata> get(String workbenchId, String checkpointId) {
        return index.get(dirs.ready(workbenchId, Phase.WORKBENCH), checkpointId);
    }

    @Override
    public Restored restore(String workbenchId, String checkpointId, String preRestoreCheckpointId,
                            Consumer<Progress> progress) {
        WorkbenchDir d = dirs.ready(workbenchId, Phase.RESTORE);
        try {
            return restorer.restore(d, checkpointId, preRestoreCheckpointId, progress);
        } catch (RuntimeException e) {
            // a journal left behind is rolled back on the Workbench's next use (the domain's reload right after)
            dirs.restoreFailed(d);
            throw e;
        }
    }
}
