package dev.trestle.domain.model;

import java.time.Instant;

/** A checkpoint as listed ({@code rpc.md} §2). */
public record CheckpointMetadata(String checkpointId, Instant createdAt, CheckpointReason reason, String description,
                                 int files, long totalBytes, boolean restorable) {
}
