package dev.trestle.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * The structured failure every client acts on ({@code errors.md} §1). Optional fields are {@code null} when absent.
 * {@code detail} never carries file content, prompt text or secrets.
 */
public record ErrorInfo(
        ErrorCode errorCode,
        Phase phase,
        boolean retryable,
        List<ErrorAction> actions,
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

    public ErrorInfo {
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(phase, "phase");
        actions = List.copyOf(actions);
    }

    /** The form without token figures (every code but {@code CONTEXT_EXHAUSTED}). */
    public ErrorInfo(ErrorCode errorCode, Phase phase, boolean retryable, List<ErrorAction> actions, String subphase,
                     String providerId, String modelId, String workbenchId, String endpointHost, String scopeHash,
                     Long retryAfterSeconds, String detail, String detailRef) {
        this(errorCode, phase, retryable, actions, subphase, providerId, modelId, workbenchId, endpointHost, scopeHash,
                retryAfterSeconds, detail, detailRef, null, null);
    }

    /** An error with the code's default retryability and actions. */
    public static ErrorInfo of(ErrorCode code, Phase phase) {
        return new ErrorInfo(code, phase, code.defaultRetryable(), code.defaultActions(), null, null, null, null, null,
                null, null, null, null);
    }

    /** A {@code VALIDATION_FAILED} whose detail starts with a stable token ({@code rpc.md} §1). */
    public static ErrorInfo validation(Phase phase, String token, String message) {
        List<ErrorAction> actions = switch (token) {
            case "draft_exists" -> List.of(ErrorAction.REVIEW_DRAFT, ErrorAction.DISCARD_DRAFT);
            case "proposal_invalid", "provider_rejected_request" -> List.of(ErrorAction.RETRY);
            default -> List.of();
        };
        String detail = message == null || message.isEmpty() ? token : token + ": " + message;
        return of(ErrorCode.VALIDATION_FAILED, phase).withActions(actions).withDetail(detail);
    }

    public String detailToken() {
        if (detail == null) {
            return null;
        }
        int colon = detail.indexOf(':');
        return colon < 0 ? detail : detail.substring(0, colon);
    }

    public ErrorInfo withPhase(Phase value) {
        return new ErrorInfo(errorCode, value, retryable, actions, subphase, providerId, modelId, workbenchId,
                endpointHost, scopeHash, retryAfterSeconds, detail, detailRef, tokensRequested, tokensLimit);
    }

    public ErrorInfo withRetryable(boolean value) {
        return new ErrorInfo(errorCode, phase, value, actions, subphase, providerId, modelId, workbenchId,
                endpointHost, scopeHash, retryAfterSeconds, detail, detailRef, tokensRequested, tokensLimit);
    }

    public ErrorInfo withActions(List<ErrorAction> value) {
        return new ErrorInfo(errorCode, phase, retryable, value, subphase, providerId, modelId, workbenchId,
                endpointHost, scopeHash, retryAfterSeconds, detail, detailRef, tokensRequested, tokensLimit);
    }

    public ErrorInfo withSubphase(String value) {
        return new ErrorInfo(errorCode, phase, retryable, actions, value, providerId, modelId, workbenchId,
                endpointHost, scopeHash, retryAfterSeconds, detail, detailRef, tokensRequested, tokensLimit);
    }

    /**
     * This error with subphase {@code value} unless it names one already: a more specific subphase the engine set
     * where the failure happened wins over a method's ({@code docs/protocol.md} "ErrorInfo").
     */
    public ErrorInfo orSubphase(String value) {
        return subphase != null ? this : withSubphase(value);
    }

    public ErrorInfo withProvider(String value) {
        return new ErrorInfo(errorCode, phase, retryable, actions, subphase, value, modelId, workbenchId,
                endpointHost, scopeHash, retryAfterSeconds, detail, detailRef, tokensRequested, tokensLimit);
    }

    public ErrorInfo withModel(String value) {
        return new ErrorInfo(errorCode, phase, retryable, actions, subphase, providerId, value, workbenchId,
                endpointHost, scopeHash, retryAfterSeconds, detail, detailRef, tokensRequested, tokensLimit);
    }

    public ErrorInfo withWorkbench(String value) {
        return new ErrorInfo(errorCode, phase, retryable, actions, subphase, providerId, modelId, value,
                endpointHost, scopeHash, retryAfterSeconds, detail, detailRef, tokensRequested, tokensLimit);
    }

    public ErrorInfo withEndpointHost(String value) {
        return new ErrorInfo(errorCode, phase, retryable, actions, subphase, providerId, modelId, workbenchId,
                value, scopeHash, retryAfterSeconds, detail, detailRef, tokensRequested, tokensLimit);
    }

    public ErrorInfo withScopeHash(String value) {
        return new ErrorInfo(errorCode, phase, retryable, actions, subphase, providerId, modelId, workbenchId,
                endpointHost, value, retryAfterSeconds, detail, detailRef, tokensRequested, tokensLimit);
    }

    public ErrorInfo withRetryAfterSeconds(Long value) {
        return new ErrorInfo(errorCode, phase, retryable, actions, subphase, providerId, modelId, workbenchId,
                endpointHost, scopeHash, value, detail, detailRef, tokensRequested, tokensLimit);
    }

    public ErrorInfo withDetail(String value) {
        return new ErrorInfo(errorCode, phase, retryable, actions, subphase, providerId, modelId, workbenchId,
                endpointHost, scopeHash, retryAfterSeconds, value, detailRef, tokensRequested, tokensLimit);
    }

    /**
     * The vendor's own figures for a context overflow ("208310 tokens &gt; 200000 maximum"): tokens the request needed
     * and the model's limit; either may be null when the vendor did not state it.
     */
    public ErrorInfo withTokens(Long requested, Long limit) {
        return new ErrorInfo(errorCode, phase, retryable, actions, subphase, providerId, modelId, workbenchId,
                endpointHost, scopeHash, retryAfterSeconds, detail, detailRef, requested, limit);
    }
}
