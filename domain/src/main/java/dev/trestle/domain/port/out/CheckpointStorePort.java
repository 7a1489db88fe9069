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

    /**
     * The file entries of a checkpoint's manifest (in name order), read through the store's own manifest form; empty
     * when the Workbench has no such checkpoint.
     */
    Optional<List<FileEntry>> files(String workbenchId, String checkpointId);

    /**
     * What can differ between checkpoint {@code fromCheckpointId} and {@code toCheckpointId} ({@code null}: the current
     * Published manifest): the entries of each side that are not in a part both manifests share, and how many entries
     * those shared parts hold (equal on both sides by construction). A store without shared parts returns every entry
     * and 0. Empty when the Workbench has no such checkpoint.
     */
    Optional<ManifestDelta> compare(String workbenchId, String fromCheckpointId, String toCheckpointId);

    /**
     * A per-file restore ({@code CheckpointsRestore} with {@code paths[]}): makes {@code files} (the current manifest
     * with the selected entries taken from the checkpoint, as {@code RestoreSelection} decides) the Published
     * manifest through the same journal as {@link #restore} (only the differing entries are linked or removed), but
     * keeps the current conversation and meta files. Every object {@code files} names must already be in the store.
     * Same progress, errors and crash safety as {@link #restore}.
     */
    Restored restoreFiles(String workbenchId, String checkpointId, String preRestoreCheckpointId,
                          List<FileEntry> files, Consumer<Progress> progress);

    /** Sets or clears the pin of a checkpoint (durable); the updated metadata, empty for an unknown checkpoint. */
    Optional<CheckpointMetadata> setPinned(String workbenchId, String checkpointId, boolean pinned);

    /**
     * Deletes one checkpoint (manifest and snapshot) and collects the objects nothing names any more; returns the
     * store's size after. Used for the size budget; a pinned or unknown checkpoint is left alone.
     */
    StoreStats prune(String workbenchId, String checkpointId);

    /** The bytes of a content-store object of the Workbench; empty when the store lacks it. */
    Optional<byte[]> readObject(String workbenchId, String sha256);

    record Listing(List<CheckpointMetadata> checkpoints, StoreStats store) {
    }

    /**
     * The manifests before and after a restore, and the entries that can differ between them: {@code beforeDiffering}
     * and {@code afterDiffering} hold every entry whose name or content differs (a store that compares shared parts of
     * its manifests first leaves the entries of those parts out), so the caller's change list costs O(change).
     */
    record Restored(List<FileEntry> before, List<FileEntry> after, List<FileEntry> beforeDiffering,
                    List<FileEntry> afterDiffering) {
        /** Without a narrower set: every entry may differ. */
        public Restored(List<FileEntry> before, List<FileEntry> after) {
            this(before, after, before, after);
        }
    }

    record ManifestDelta(List<FileEntry> from, List<FileEntry> to, int shared) {
    }

    record Progress(String phase, Integer percent) {
    }
}
