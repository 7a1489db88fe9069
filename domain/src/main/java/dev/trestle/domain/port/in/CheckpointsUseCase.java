package dev.trestle.domain.port.in;

import dev.trestle.domain.model.CheckpointDiff;
import dev.trestle.domain.model.CheckpointListing;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.RequestContext;
import java.time.Instant;
import java.util.List;

/** Create, list, get, compare, pin and restore checkpoints, and read a file as a checkpoint holds it. */
public interface CheckpointsUseCase {
    CheckpointListing list(RequestContext rq, String workbenchId);

    CheckpointMetadata get(RequestContext rq, String workbenchId, String checkpointId);

    /** {@code reason} only {@code manual} (null = manual); description default {@code Manual checkpoint}. */
    String create(RequestContext rq, String workbenchId, String description, String reason);

    Restored restore(RequestContext rq, String workbenchId, String checkpointId);

    /**
     * Restores only {@code paths} (names matched as {@code WorkbenchFilesRemove} matches them) from the checkpoint;
     * {@code null} restores everything, as {@link #restore(RequestContext, String, String)}.
     */
    Restored restore(RequestContext rq, String workbenchId, String checkpointId, List<String> paths);

    /** What differs from checkpoint {@code fromId} to checkpoint {@code toId} ({@code null}: current Published). */
    CheckpointDiff diff(RequestContext rq, String workbenchId, String fromId, String toId);

    CheckpointMetadata setPinned(RequestContext rq, String workbenchId, String checkpointId, boolean pinned);

    /** One file's bytes as the checkpoint holds it (name matched exactly, else without regard to case). */
    FileContent readFile(RequestContext rq, String workbenchId, String checkpointId, String path);

    record Restored(String preRestoreCheckpointId, Instant restoredAt, List<String> restoredPaths) {
        public Restored(String preRestoreCheckpointId, Instant restoredAt) {
            this(preRestoreCheckpointId, restoredAt, null);
        }
    }

    record FileContent(String path, long size, String sha256, byte[] content) {
    }
}
