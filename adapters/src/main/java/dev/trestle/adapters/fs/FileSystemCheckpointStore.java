package dev.trestle.adapters.fs;

import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.port.out.CheckpointStorePort;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.StoreStats;
import java.io.IOException;
import java.util.List;
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

    @Override
    public Optional<List<FileEntry>> files(String workbenchId, String checkpointId) {
        return index.files(dirs.ready(workbenchId, Phase.WORKBENCH), checkpointId);
    }

    @Override
    public Optional<ManifestDelta> compare(String workbenchId, String fromCheckpointId, String toCheckpointId) {
        return index.compare(dirs.ready(workbenchId, Phase.WORKBENCH), fromCheckpointId, toCheckpointId);
    }

    @Override
    public Restored restoreFiles(String workbenchId, String checkpointId, String preRestoreCheckpointId,
                                 List<FileEntry> files, Consumer<Progress> progress) {
        return restorer.restoreFiles(dirs.ready(workbenchId, Phase.RESTORE), checkpointId, preRestoreCheckpointId,
                files, progress);
    }

    @Override
    public Optional<CheckpointMetadata> setPinned(String workbenchId, String checkpointId, boolean pinned) {
        return index.setPinned(dirs.ready(workbenchId, Phase.WORKBENCH), checkpointId, pinned);
    }

    @Override
    public StoreStats prune(String workbenchId, String checkpointId) {
        return creator.prune(dirs.ready(workbenchId, Phase.WORKBENCH), checkpointId);
    }

    @Override
    public Optional<byte[]> readObject(String workbenchId, String sha256) {
        WorkbenchDir d = dirs.ready(workbenchId, Phase.WORKBENCH);
        try {
            return index.readObject(d, sha256);
        } catch (IOException e) {
            throw FsErrors.read(Phase.WORKBENCH, "object unreadable", e);
        }
    }
}
