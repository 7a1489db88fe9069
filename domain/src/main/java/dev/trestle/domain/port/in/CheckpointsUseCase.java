package dev.trestle.domain.port.in;

import dev.trestle.domain.model.CheckpointDiff;
import dev.trestle.domain.model.CheckpointId;
import dev.trestle.domain.model.CheckpointListing;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.WorkbenchId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Create, list, get, compare, pin and restore checkpoints, and read a file as a checkpoint holds it. */
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

    /**
     * {@code CheckpointsRestore}. {@code paths}: restore only those files (names matched as {@code WorkbenchFilesRemove}
     * matches them); {@code null} restores everything.
     */
    record RestoreCheckpoint(WorkbenchId workbench, Optional<CheckpointId> checkpoint, List<String> paths) {
        public RestoreCheckpoint {
            Objects.requireNonNull(workbench, "workbench");
            Objects.requireNonNull(checkpoint, "checkpoint");
            paths = paths == null ? null : List.copyOf(paths);
        }

        /** A full restore. */
        public RestoreCheckpoint(WorkbenchId workbench, Optional<CheckpointId> checkpoint) {
            this(workbench, checkpoint, null);
        }
    }

    /** What differs from checkpoint {@code from} to checkpoint {@code to} (empty: the current Published files). */
    CheckpointDiff diff(RequestContext rq, CompareCheckpoints command);

    CheckpointMetadata setPinned(RequestContext rq, CheckpointRef checkpoint, boolean pinned);

    /** One file's bytes as the checkpoint holds it (name matched exactly, else without regard to case). */
    FileContent readFile(RequestContext rq, ReadCheckpointFile command);

    /** {@code CheckpointsDiff}: both ids already of checkpoint form (the binder answers {@code invalid_params}). */
    record CompareCheckpoints(WorkbenchId workbench, CheckpointId from, Optional<CheckpointId> to) {
        public CompareCheckpoints {
            Objects.requireNonNull(workbench, "workbench");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /** {@code CheckpointsReadFile}: {@code path} is checked against the flat-name rules by the service. */
    record ReadCheckpointFile(CheckpointRef checkpoint, String path) {
        public ReadCheckpointFile {
            Objects.requireNonNull(checkpoint, "checkpoint");
        }
    }

    record Restored(String preRestoreCheckpointId, Instant restoredAt, List<String> restoredPaths) {
        public Restored(String preRestoreCheckpointId, Instant restoredAt) {
            this(preRestoreCheckpointId, restoredAt, null);
        }
    }

    record FileContent(String path, long size, String sha256, byte[] content) {
    }
}
