package dev.trestle.server.rpc;

import com.google.gson.annotations.SerializedName;
import java.util.List;
import java.util.Map;

/**
 * The shared wire types of {@code rpc.md} §2 as Gson records: {@code snake_case} names, enum values as their wire
 * strings, times as RFC 3339 UTC strings with milliseconds. A {@code null} component is omitted from the JSON, which is
 * how optional fields ({@code reason?}, {@code endpoint_host?}, ...) stay out of results. Built from domain values by
 * {@link WireMapper}; clients (the CLI) read them back with the same Gson setup.
 */
public final class WireTypes {
    private WireTypes() {
    }

    /** {@code Workbench}. */
    public record Workbench(
            String id,
            String name,
            @SerializedName("created_at") String createdAt,
            @SerializedName("updated_at") String updatedAt,
            @SerializedName("default_model_id") String defaultModelId,
            @SerializedName("has_draft") boolean hasDraft) {
    }

    /** {@code FileEntry}; {@code file_kind} one of text, docx, odt, pdf, xlsx, pptx, image, binary. */
    public record FileEntry(
            String path,
            long size,
            String sha256,
            @SerializedName("modified_at") String modifiedAt,
            @SerializedName("added_at") String addedAt,
            @SerializedName("file_kind") String fileKind,
            @SerializedName("mime_type") String mimeType,
            @SerializedName("is_opaque") boolean isOpaque) {
    }

    /** {@code AddResult}: status added, skipped or failed; {@code reason} only when not added. */
    public record AddResult(
            @SerializedName("source_path") String sourcePath,
            @SerializedName("file_name") String fileName,
            String status,
            String reason) {
    }

    /** {@code RemoveResult}: status removed, skipped or failed; {@code reason} only when not removed. */
    public record RemoveResult(String path, String status, String reason) {
    }

    /** {@code ProviderStatus}; {@code status} not_configured, configured or needs_attention. */
    public record ProviderStatus(
            @SerializedName("provider_id") String providerId,
            @SerializedName("display_name") String displayName,
            boolean configured,
            boolean enabled,
            String status,
            List<String> models,
            @SerializedName("endpoint_host") String endpointHost,
            @SerializedName("last_validated_at") String lastValidatedAt,
            @SerializedName("last_error") ErrorData lastError) {
    }

    /** {@code ModelInfo}; {@code available} = provider configured and enabled. */
    public record ModelInfo(
            @SerializedName("model_id") String modelId,
            @SerializedName("provider_id") String providerId,
            @SerializedName("display_name") String displayName,
            @SerializedName("context_tokens_estimate") long contextTokensEstimate,
            @SerializedName("supports_file_read") boolean supportsFileRead,
            @SerializedName("supports_file_write") boolean supportsFileWrite,
            @SerializedName("requires_key") boolean requiresKey,
            boolean available) {
    }

    /** {@code ModelsGetCapabilities.capabilities}. */
    public record Capabilities(
            @SerializedName("supports_file_read") boolean supportsFileRead,
            @SerializedName("supports_file_write") boolean supportsFileWrite,
            @SerializedName("context_tokens_estimate") long contextTokensEstimate) {
    }

    /** {@code ConversationRecord}; {@code metadata} carries the payload fields of a {@code system_event}. */
    public record ConversationRecord(
            String type,
            @SerializedName("message_id") String messageId,
            String role,
            String text,
            @SerializedName("created_at") String createdAt,
            @SerializedName("model_id") String modelId,
            @SerializedName("event_kind") String eventKind,
            @SerializedName("checkpoint_id") String checkpointId,
            String reason,
            Map<String, String> metadata,
            ErrorData error) {
    }

    /** {@code Proposal}. */
    public record Proposal(
            @SerializedName("proposal_id") String proposalId,
            @SerializedName("schema_version") int schemaVersion,
            @SerializedName("created_at") String createdAt,
            @SerializedName("model_id") String modelId,
            @SerializedName("base_scope_hash") String baseScopeHash,
            String summary,
            @SerializedName("no_changes") boolean noChanges,
            List<ProposalWrite> writes,
            List<String> warnings) {
    }

    /** One whole-file text write of a {@link Proposal}. */
    public record ProposalWrite(String path, String content) {
    }

    /** {@code CheckpointMetadata}; {@code reason} auto, manual, publish or pre_restore. */
    public record CheckpointMetadata(
            @SerializedName("checkpoint_id") String checkpointId,
            @SerializedName("created_at") String createdAt,
            String reason,
            String description,
            CheckpointStats stats,
            boolean restorable) {
    }

    /** {@code CheckpointMetadata.stats}. */
    public record CheckpointStats(int files, @SerializedName("total_bytes") long totalBytes) {
    }

    /**
     * {@code ClutterState}; {@code level} Light, Moderate or Heavy; {@code source} exact, calibrated or estimated;
     * {@code breakdown} sums to {@code usage_tokens_estimate}; the score's denominator is
     * {@code usable_context_tokens} = {@code context_tokens_estimate} − {@code reserved_output_tokens}.
     */
    public record ClutterState(
            double score,
            String level,
            @SerializedName("model_id") String modelId,
            @SerializedName("usage_tokens_estimate") long usageTokensEstimate,
            @SerializedName("context_tokens_estimate") long contextTokensEstimate,
            @SerializedName("reserved_output_tokens") long reservedOutputTokens,
            @SerializedName("usable_context_tokens") long usableContextTokens,
            String source,
            @SerializedName("error_band_percent") double errorBandPercent,
            List<ClutterItem> breakdown) {
    }

    /**
     * One line of a clutter breakdown: {@code kind} system, file, other_files, conversation or stream; {@code path}
     * for a file; {@code files} for other_files (how many files it sums).
     */
    public record ClutterItem(String kind, String path, long tokens, Integer files) {
    }

    /** {@code EgressEvent}. */
    public record EgressEvent(
            String timestamp,
            String kind,
            @SerializedName("provider_id") String providerId,
            @SerializedName("model_id") String modelId,
            @SerializedName("endpoint_host") String endpointHost,
            @SerializedName("scope_hash") String scopeHash,
            String outcome,
            @SerializedName("error_code") String errorCode,
            @SerializedName("tokens_in") Long tokensIn,
            @SerializedName("tokens_out") Long tokensOut) {
    }

    /**
     * {@code ErrorInfo} ({@code errors.md} §1): the {@code data} of every -32000 error, and the form stored in
     * {@code last_error} and {@code system_event.error}.
     */
    public record ErrorData(
            @SerializedName("error_code") String errorCode,
            String phase,
            boolean retryable,
            List<String> actions,
            String subphase,
            @SerializedName("provider_id") String providerId,
            @SerializedName("model_id") String modelId,
            @SerializedName("workbench_id") String workbenchId,
            @SerializedName("endpoint_host") String endpointHost,
            @SerializedName("scope_hash") String scopeHash,
            @SerializedName("retry_after_seconds") Long retryAfterSeconds,
            String detail,
            @SerializedName("detail_ref") String detailRef,
            @SerializedName("tokens_requested") Long tokensRequested,
            @SerializedName("tokens_limit") Long tokensLimit) {

        /** The form without token figures (they are only set with {@code CONTEXT_EXHAUSTED}). */
        public ErrorData(String errorCode, String phase, boolean retryable, List<String> actions, String subphase,
                         String providerId, String modelId, String workbenchId, String endpointHost, String scopeHash,
                         Long retryAfterSeconds, String detail, String detailRef) {
            this(errorCode, phase, retryable, actions, subphase, providerId, modelId, workbenchId, endpointHost,
                    scopeHash, retryAfterSeconds, detail, detailRef, null, null);
        }
    }
}
