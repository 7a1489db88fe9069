package dev.trestle.domain.port.in;

import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.port.out.CheckpointStorePort;
import java.time.Instant;

/** Create, list, get and restore checkpoints. */
public interface CheckpointsUseCase {
    CheckpointStorePort.Listing list(String workbenchId);

    CheckpointMetadata get(String workbenchId, String checkpointId);

    /** {@code reason} only {@code manual} (null = manual); description default {@code Manual checkpoint}. */
    String create(String workbenchId, String description, String reason);

    Restored restore(String workbenchId, String checkpointId);

    record Restored(String preRestoreCheckpointId, Instant restoredAt) {
    }
}
