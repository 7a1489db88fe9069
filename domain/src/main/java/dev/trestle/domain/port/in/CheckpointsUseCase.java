package dev.trestle.domain.port.in;

import dev.trestle.domain.model.CheckpointListing;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.RequestContext;
import java.time.Instant;

/** Create, list, get and restore checkpoints. */
public interface CheckpointsUseCase {
    CheckpointListing list(RequestContext rq, String workbenchId);

    CheckpointMetadata get(RequestContext rq, String workbenchId, String checkpointId);

    /** {@code reason} only {@code manual} (null = manual); description default {@code Manual checkpoint}. */
    String create(RequestContext rq, String workbenchId, String description, String reason);

    Restored restore(RequestContext rq, String workbenchId, String checkpointId);

    record Restored(String preRestoreCheckpointId, Instant restoredAt) {
    }
}
