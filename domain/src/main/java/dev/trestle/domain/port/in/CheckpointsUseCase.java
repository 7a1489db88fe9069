package dev.trestle.domain.port.in;

import dev.trestle.domain.model.CheckpointId;
import dev.trestle.domain.model.CheckpointListing;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.WorkbenchId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Create, list, get and restore checkpoints. */
public interface CheckpointsUseCase {
    CheckpointListing list(RequestContext rq, WorkbenchId workbench);

    CheckpointMetadata get(RequestContext rq, CheckpointRef checkpoint);

    /** Returns the new checkpoint's id. */
    String create(RequestContext rq, CreateCheckpoint command);

    Restored restore(RequestContext rq, RestoreCheckpoint command);

    /**
     * One checkpoint of a Workbench. {@code checkpoint} is empty when the request's text cannot be a checkpoint id:
     * answered {@code unknown_checkpoint} where the spec checks existence.
     */
    record CheckpointRef(WorkbenchId workbench, Optional<CheckpointId> checkpoint) {
        public CheckpointRef {
            Objects.requireNonNull(workbench, "workbench");
            Objects.requireNonNull(checkpoint, "checkpoint");
        }
    }

    /**
     * {@code CheckpointsCreate}: {@code reason} only {@code manual} (null = manual), {@code description} null for
     * {@code Manual checkpoint}. Both are checked once the Workbench is found ({@code invalid_reason},
     * {@code invalid_params}), so they stay as given here.
     */
    record CreateCheckpoint(WorkbenchId workbench, String description, String reason) {
        public CreateCheckpoint {
            Objects.requireNonNull(workbench, "workbench");
        }
    }

    /** {@code CheckpointsRestore}. */
    record RestoreCheckpoint(WorkbenchId workbench, Optional<CheckpointId> checkpoint) {
        public RestoreCheckpoint {
            Objects.requireNonNull(workbench, "workbench");
            Objects.requireNonNull(checkpoint, "checkpoint");
        }
    }

    record Restored(String preRestoreCheckpointId, Instant restoredAt) {
    }
}
