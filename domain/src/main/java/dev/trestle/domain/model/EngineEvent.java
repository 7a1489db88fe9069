package dev.trestle.domain.model;

import java.time.Instant;
import java.util.List;

/** Notifications the engine sends to its client ({@code rpc.md} §4), as domain values. */
public sealed interface EngineEvent {
    String workbenchId();

    record ClutterChanged(String workbenchId, ClutterState clutter) implements EngineEvent {
    }

    record ModelChanged(String workbenchId, String modelId, String providerId, String previousModelId)
            implements EngineEvent {
    }

    record StreamDelta(String workbenchId, String messageId, String tokenDelta) implements EngineEvent {
    }

    record MessageComplete(String workbenchId, String messageId) implements EngineEvent {
    }

    record RunCancelRequested(String workbenchId) implements EngineEvent {
    }

    record ProposalReady(String workbenchId, String proposalId) implements EngineEvent {
    }

    record FilesChanged(String workbenchId, List<String> added, List<String> removed, List<String> updated)
            implements EngineEvent {
        public FilesChanged {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            updated = List.copyOf(updated);
        }
    }

    record DraftStateChanged(String workbenchId, boolean hasDraft, String draftId, Instant createdAt,
                             String sourceKind) implements EngineEvent {
    }

    record CheckpointCreated(String workbenchId, String checkpointId, CheckpointReason reason, Instant createdAt,
                             String description) implements EngineEvent {
    }

    record CheckpointRestored(String workbenchId, String checkpointId, String preRestoreCheckpointId)
            implements EngineEvent {
    }

    /** A checkpoint's pin was durably set or cleared; only sent when it changed. */
    record CheckpointPinChanged(String workbenchId, String checkpointId, boolean pinned) implements EngineEvent {
    }

    /** Phases: validating, conflict_check, checkpoint_pre_publish, swap_directories, finalizing, rolling_back. */
    record PublishProgress(String workbenchId, String phase) implements EngineEvent {
    }

    /** Phases: pre_restore_checkpoint, staging, swapping, finalizing, rolling_back; percent may be null. */
    record RestoreProgress(String workbenchId, String checkpointId, String phase, Integer percent)
            implements EngineEvent {
    }
}
