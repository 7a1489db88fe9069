package dev.trestle.domain.service;

import dev.trestle.domain.model.ErrorInfo;

/**
 * What one logical call came to. On success {@code error} is null and the token counts are the provider's (-1 when it
 * sent none). {@code requestsSent} counts exchanges handed to the transport that it did not refuse (0 means nothing
 * left the machine); {@code policyBlocked} says the failure was an egress-policy block (the Workshop logs
 * {@code egress_blocked} instead of {@code workshop_chat}); {@code deltaEmitted} says output reached the caller.
 */
public record ModelCallOutcome(ErrorInfo error, long inputTokens, long outputTokens, int requestsSent,
                               boolean policyBlocked, boolean deltaEmitted) {

    public boolean ok() {
        return error == null;
    }

    static ModelCallOutcome success(long in, long out, int requests, boolean delta) {
        return new ModelCallOutcome(null, in, out, requests, false, delta);
    }

    static ModelCallOutcome failure(ErrorInfo error, int requests, boolean blocked, boolean delta) {
        return new ModelCallOutcome(error, -1, -1, requests, blocked, delta);
    }
}
