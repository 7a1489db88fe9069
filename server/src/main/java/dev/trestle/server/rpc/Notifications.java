package dev.trestle.server.rpc;

import java.util.List;

/** Payloads of the notifications of {@code rpc.md} §4, exactly as sent; {@code null} components are omitted. */
public final class Notifications {
    private Notifications() {
    }

    /** Flat {@code ClutterState} plus the Workbench. */
    public record ClutterChanged(String workbenchId,
                                 double score,
                                 String level,
                                 String modelId,
                                 long usageTokensEstimate,
                                 long contextTokensEstimate,
                                 long reservedOutputTokens,
                                 long usableContextTokens,
                                 String source,
                                 double errorBandPercent,
                                 List<WireTypes.ClutterItem> breakdown) {
    }

    public record ModelChanged(String workbenchId,
                               String modelId,
                               String providerId,
                               String previousModelId) {
    }

    /** {@code message_id} is the id the assistant message will have. */
    public record StreamDelta(String workbenchId,
                              String messageId,
                              String tokenDelta) {
    }

    public record MessageComplete(String workbenchId,
                                  String messageId) {
    }

    public record RunCancelRequested(String workbenchId) {
    }

    public record ProposalReady(String workbenchId,
                                String proposalId) {
    }

    /** File names. */
    public record FilesChanged(String workbenchId,
                               List<String> added,
                               List<String> removed,
                               List<String> updated) {
    }

    public record DraftStateChanged(String workbenchId,
                                    boolean hasDraft,
                                    String draftId,
                                    String createdAt,
                                    String sourceKind) {
    }

    public record CheckpointCreated(String workbenchId,
                                    String checkpointId,
                                    String reason,
                                    String createdAt,
                                    String description) {
    }

    public record CheckpointRestored(String workbenchId,
                                     String checkpointId,
                                     String preRestoreCheckpointId) {
    }

    /** Sent once a pin was durably set or cleared, and only when it changed. */
    public record CheckpointPinChanged(String workbenchId,
                                       String checkpointId,
                                       boolean pinned) {
    }

    /** {@code phase}: validating, conflict_check, checkpoint_pre_publish, swap_directories, finalizing, rolling_back. */
    public record PublishProgress(String workbenchId, String phase) {
    }

    /** {@code phase}: pre_restore_checkpoint, staging, swapping, finalizing, rolling_back; {@code percent} 0–100. */
    public record RestoreProgress(String workbenchId,
                                  String checkpointId,
                                  String phase,
                                  Integer percent) {
    }
}
