package dev.trestle.domain.model;

import java.time.Instant;

/**
 * One line of {@code egress_events.jsonl} ({@code rpc.md} §2); optional fields {@code null}. Kind
 * {@code request_sent} carries the {@link EgressReceipt} of one request that left the machine.
 */
public record EgressEvent(Instant timestamp, String kind, String providerId, String modelId, String endpointHost,
                          String scopeHash, String outcome, String errorCode, Long tokensIn, Long tokensOut,
                          EgressReceipt receipt) {

    public EgressEvent(Instant timestamp, String kind, String providerId, String modelId, String endpointHost,
                       String scopeHash, String outcome, String errorCode, Long tokensIn, Long tokensOut) {
        this(timestamp, kind, providerId, modelId, endpointHost, scopeHash, outcome, errorCode, tokensIn, tokensOut,
                null);
    }

    /** The {@code request_sent} event of a receipt. */
    public static EgressEvent of(EgressReceipt r) {
        boolean ok = "ok".equals(r.outcome()) || "redirect".equals(r.outcome());
        return new EgressEvent(r.timestamp(), "request_sent", r.providerId(), r.modelId(), r.endpointHost(),
                r.scopeHash(), ok ? r.outcome() : "error", ok ? null : r.outcome(), r.inputTokens(), r.outputTokens(),
                r);
    }
}
