package dev.trestle.server.rpc;

import com.google.gson.annotations.SerializedName;
import java.util.List;

/** Payloads of the notifications of {@code rpc.md} §4, exactly as sent; {@code null} components are omitted. */
public final class Notifications {
    private Notifications() {
    }

    /** Flat {@code ClutterState} plus the Workbench. */
    public record ClutterChanged(@SerializedName("workbench_id") String workbenchId,
                                 double score,
                                 String level,
                                 @SerializedName("model_id") String modelId,
                                 @SerializedName("usage_tokens_estimate") long usageTokensEstimate,
                                 @SerializedName("context_tokens_estimate") long contextTokensEstimate,
                                 @SerializedName("reserved_output_tokens") long reservedOutputTokens,
                                 @SerializedName("usable_context_tokens") long usableContextTokens,
                                 String source,
                                 @SerializedName("error_band_percent") double errorBandPercent,
                                 List<WireTypes.ClutterItem> breakdown) {
    }

    public record ModelChanged(@SerializedName("workbench_id") String workbenchId,
                               @SerializedName("model_id") String modelId,
                               @SerializedName("provider_id") String providerId,
                               @SerializedName("previous_model_id") String previousModelId) {
    }

    /** {@code message_id} is the id the assistant message will have. */
    public record StreamDelta(@SerializedName("workbench_id") String workbenchId,
                              @SerializedName("message_id") String messageId,
                              @SerializedName("token_delta") String tokenDelta) {
    }

    public record MessageComplete(@SerializedName("workbench_id") String workbenchId,
                                  @SerializedName("message_id") String messageId) {
    }

    public record RunCancelRequested(@SerializedName("workbench_id") String workbenchId) {
    }

    public record ProposalReady(@SerializedName("workbench_id") String workbenchId,
                                @SerializedName("proposal_id") String proposalId) {
    }

    /** File names. */
    public record FilesChanged(@SerializedName("workbench_id") String workbenchId,
                               List<String> added,
                               List<String> removed,
                               List<String> updated) {
    }

    public record DraftStateChanged(@SerializedName("workbench_id") String workbenchId,
                                    @SerializedName("has_draft") boolean hasDraft,
                                    @SerializedName("draft_id") String draftId,
                                    @SerializedName("created_at") String createdAt,
                                    @SerializedName("source_kind") String sourceKind) {
    }

    public record CheckpointCreated(@SerializedName("workbench_id") String workbenchId,
                                    @SerializedName("checkpoint_id") String checkpointId,
                                    String reason,
                                    @SerializedName("created_at") String createdAt,
                                    String description) {
    }

    public record CheckpointRestored(@SerializedName("workbench_id") String workbenchId,
                                     @SerializedName("checkpoint_id") String checkpointId,
                                     @SerializedName("pre_restore_checkpoint_id") String preRestoreCheckpointId) {
    }

    /** {@code phase}: validating, conflict_check, checkpoint_pre_publish, swap_directories, finalizing, rolling_back. */
    public record PublishProgress(@SerializedName("workbench_id") String workbenchId, String phase) {
    }

    /** {@code phase}: pre_restore_checkpoint, staging, swapping, finalizing, rolling_back; {@code percent} 0–100. */
    public record RestoreProgress(@SerializedName("workbench_id") String workbenchId,
                                  @SerializedName("checkpoint_id") String checkpointId,
                                  String phase,
                                  Integer percent) {
    }
}
