package dev.trestle.domain.model;

import java.time.Instant;
import java.util.List;

/**
 * What one request that left the machine carried, written at the one transport gate ({@code ModelCallService}) for
 * every attempt the transport did not refuse: when, to which provider, model and endpoint host, under which consent
 * scope, which Workbench files' content was in the body, the SHA-256 and size of the exact body bytes handed to the
 * socket, the HTTP status, the usage the provider reported and the attempt's outcome ({@code ok}, {@code redirect},
 * or the error code). Never a key, never file content, never prompt or reply text.
 *
 * @param requestKind  {@code chat} or {@code validate}
 * @param httpStatus   null when no response head arrived
 * @param inputTokens  the provider's reported usage, null when it sent none
 * @param tokens       the engine's count of the request's input tokens (null for a validation or an uncounted
 *                     request), an estimate unless {@code tokensEstimated} is false
 */
public record EgressReceipt(Instant timestamp, String providerId, String modelId, String endpointHost,
                            String scopeHash, String requestKind, List<SentFile> files, String bodySha256,
                            long bodyBytes, Integer httpStatus, Long inputTokens, Long outputTokens, String outcome,
                            Long tokens, boolean tokensEstimated) {
    public EgressReceipt {
        files = files == null ? List.of() : List.copyOf(files);
    }

    public EgressReceipt withTimestamp(Instant value) {
        return new EgressReceipt(value, providerId, modelId, endpointHost, scopeHash, requestKind, files, bodySha256,
                bodyBytes, httpStatus, inputTokens, outputTokens, outcome, tokens, tokensEstimated);
    }

    /** Where receipts go: the Workbench's egress log for Workshop calls, the engine log for provider-level calls. */
    @FunctionalInterface
    public interface Sink {
        Sink NONE = r -> { };

        void accept(EgressReceipt receipt);
    }
}
