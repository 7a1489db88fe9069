package dev.trestle.domain.model;

import java.time.Instant;

/**
 * A checkpoint as listed ({@code rpc.md} §2). {@code pinned} checkpoints are never pruned by retention (count or
 * size budget).
 */
public record CheckpointMetadata(String checkpointId, Instant createdAt, CheckpointReason reason, String description,
                                 int files, long totalBytes, boolean restorable, boolean pinned) {

    /** An unpinned checkpoint. */
    public CheckpointMetadata(String checkpointId, Instant createdAt, CheckpointReason reason, String description,
                              int files, long totalBytes, boolean restorable) {
        this(checkpointId, createdAt, reason, description, files, totalBytes, restorable, false);
    }

    public CheckpointMetadata withPinned(boolean value) {
        return value == pinned ? this
                : new CheckpointMetadata(checkpointId, createdAt, reason, description, files, totalBytes, restorable,
                value);
    }
}
