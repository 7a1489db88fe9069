package dev.trestle.domain.model;

import java.time.Instant;

/** One line of {@code egress_events.jsonl} ({@code rpc.md} §2); optional fields {@code null}. */
public record EgressEvent(Instant timestamp, String kind, String providerId, String modelId, String endpointHost,
                          String scopeHash, String outcome, String errorCode, Long tokensIn, Long tokensOut) {
}
