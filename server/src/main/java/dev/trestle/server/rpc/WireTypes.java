package dev.trestle.server.rpc;

import java.util.List;
import java.util.Map;

/**
 * The shared wire types of {@code rpc.md} §2 as Gson records: {@code snake_case} names (from {@link WireJson}'s naming
 * policy), enum values as their wire
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
            String createdAt,
            String updatedAt,
            String defaultModelId,
            boolean hasDraft) {
    }

    /** {@code FileEntry}; {@code file_kind} one of text, docx, odt, pdf, xlsx, pptx, image, binary. */
    public record FileEntry(
            String path,
            long size,
            String sha256,
            String modifiedAt,
            String addedAt,
            String fileKind,
            String mimeType,
            boolean isOpaque) {
    }

    /** {@code AddResult}: status added, skipped or failed; {@code reason} only when not added. */
    public record AddResult(
            String sourcePath,
            String fileName,
            String status,
            String reason) {
    }

    /** {@code RemoveResult}: status removed, skipped or failed; {@code reason} only when not removed. */
    public record RemoveResult(String path, String status, String reason) {
    }

    /** {@code ProviderStatus}; {@code status} not_configured, configured or needs_attention. */
    public record ProviderStatus(
            String providerId,
            String displayName,
            boolean configured,
            boolean enabled,
            String status,
            List<String> models,
            String endpointHost,
            String lastValidatedAt,
            ErrorData lastError) {
    }

    /** {@code ModelInfo}; {@code available} = provider configured and enabled. */
    public record ModelInfo(
            String modelId,
            String providerId,
            String displayName,
            long contextTokensEstimate,
            boolean supportsFileRead,
            boolean supportsFileWrite,
            boolean requiresKey,
            boolean available) {
    }

    /** {@code ModelsGetCapabilities.capabilities}. */
    public record Capabilities(
            boolean supportsFileRead,
            boolean supportsFileWrite,
            long contextTokensEstimate) {
    }

    /** {@code ConversationRecord}; {@code metadata} carries the payload fields of a {@code system_event}. */
    public record ConversationRecord(
            String type,
            String messageId,
            String role,
            String text,
            String createdAt,
            String modelId,
            String eventKind,
            String checkpointId,
            String reason,
            Map<String, String> metadata,
            ErrorData error) {
    }

    /** {@code Proposal}. */
    public record Proposal(
            String proposalId,
            int schemaVersion,
            String createdAt,
            String modelId,
            String baseScopeHash,
            String summary,
            boolean noChanges,
            List<ProposalWrite> writes,
            List<String> warnings) {
    }

    /** One whole-file text write of a {@link Proposal}. */
    public record ProposalWrite(String path, String content) {
    }

    /** {@code CheckpointMetadata}; {@code reason} auto, manual, publish or pre_restore. */
    public record CheckpointMetadata(
            String checkpointId,
            String createdAt,
            String reason,
            String description,
            CheckpointStats stats,
            boolean restorable,
            boolean pinned) {
    }

    /** {@code CheckpointMetadata.stats}. */
    public record CheckpointStats(int files, long totalBytes) {
    }

    /**
     * {@code ClutterState}; {@code level} Light, Moderate or Heavy; {@code source} exact, calibrated or estimated;
     * {@code breakdown} sums to {@code usage_tokens_estimate}; the score's denominator is
     * {@code usable_context_tokens} = {@code context_tokens_estimate} − {@code reserved_output_tokens}.
     */
    public record ClutterState(
            double score,
            String level,
            String modelId,
            long usageTokensEstimate,
            long contextTokensEstimate,
            long reservedOutputTokens,
            long usableContextTokens,
            String source,
            double errorBandPercent,
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
            String providerId,
            String modelId,
            String endpointHost,
            String scopeHash,
            String outcome,
            String errorCode,
            Long tokensIn,
            Long tokensOut,
            EgressReceipt receipt) {

        public EgressEvent(String timestamp, String kind, String providerId, String modelId, String endpointHost,
                           String scopeHash, String outcome, String errorCode, Long tokensIn, Long tokensOut) {
            this(timestamp, kind, providerId, modelId, endpointHost, scopeHash, outcome, errorCode, tokensIn,
                    tokensOut, null);
        }
    }

    /**
     * The receipt of one request that left the machine (kind {@code request_sent}): never a key, never content.
     * {@code tokens} is the engine's count of the request's input tokens and {@code files[].tokens} each file's share
     * of it; both are estimates (calibrated or not) while their {@code tokens_estimated} is true, exact o200k counts
     * otherwise.
     */
    public record EgressReceipt(
            String requestKind,
            List<SentFile> files,
            String bodySha256,
            long bodyBytes,
            Integer httpStatus,
            Long usageInputTokens,
            Long usageOutputTokens,
            String outcome,
            Long tokens,
            boolean tokensEstimated) {
    }

    /** A Workbench file whose content was in a request body. */
    public record SentFile(
            String name,
            String sha256,
            long bytes,
            Long tokens,
            boolean tokensEstimated,
            boolean truncated) {
    }

    /**
     * {@code ErrorInfo} ({@code errors.md} §1): the {@code data} of every -32000 error, and the form stored in
     * {@code last_error} and {@code system_event.error}.
     */
    public record ErrorData(
            String errorCode,
            String phase,
            boolean retryable,
            List<String> actions,
            String subphase,
            String providerId,
            String modelId,
            String workbenchId,
            String endpointHost,
            String scopeHash,
            Long retryAfterSeconds,
            String detail,
            String detailRef,
            Long tokensRequested,
            Long tokensLimit) {

        /** The form without token figures (they are only set with {@code CONTEXT_EXHAUSTED}). */
        public ErrorData(String errorCode, String phase, boolean retryable, List<String> actions, String subphase,
                         String providerId, String modelId, String workbenchId, String endpointHost, String scopeHash,
                         Long retryAfterSeconds, String detail, String detailRef) {
            this(errorCode, phase, retryable, actions, subphase, providerId, modelId, workbenchId, endpointHost,
                    scopeHash, retryAfterSeconds, detail, detailRef, null, null);
        }
    }
}
