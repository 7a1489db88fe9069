package dev.trestle.domain.port.out;

import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.StoreStats;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Checkpoints as manifests over the content store ({@code storage.md} §6, §8, §10). */
public interface CheckpointStorePort {
    /**
     * Snapshots the current Published manifest and meta files, then runs retention and GC. Throws
     * {@code CHECKPOINT_CREATE_FAILED} leaving nothing behind.
     */
    CheckpointMetadata create(String workbenchId, CheckpointReason reason, String description);

    /** Newest first; unreadable metadata skipped (and logged). */
    Listing list(String workbenchId);

    Optional<CheckpointMetadata> get(String workbenchId, String checkpointId);

    /**
     * Steps 3–7 of {@code storage.md} §8 (the caller has taken the pre-restore checkpoint): stage, mark, swap,
     * finalize; {@code progress} receives phases {@code staging} (with percent), {@code swapping}, {@code finalizing},
     * or {@code rolling_back}. Keeps the current name, default model and active model; clears the pending proposal.
     * Throws {@code CHECKPOINT_RESTORE_FAILED} (detail {@code object_missing}/{@code object_corrupt}) with everything
     * byte-identical to before.
     */
    Restored restore(String workbenchId, String checkpointId, String preRestoreCheckpointId,
                     Consumer<Progress> progress);

    record Listing(List<CheckpointMetadata> checkpoints, StoreStats store) {
    }

    record Restored(List<FileEntry> before, List<FileEntry> after) {
    }

    record Progress(String phase, Integer percent) {
    }
}
