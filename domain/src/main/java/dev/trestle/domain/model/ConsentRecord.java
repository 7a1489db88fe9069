package dev.trestle.domain.model;

import java.time.Instant;

/** A consent slot's content ({@code algorithms.md} §4). Any field may be {@code null} in a legacy record. */
public record ConsentRecord(String providerId, String modelId, String endpointHost, String scopeHash,
                            Instant consentedAt, boolean persisted) {

    /**
     * {@code matches(r)}: same active model (exact, never alias-rewritten), its provider, that provider's effective
     * endpoint host and the current scope hash.
     */
    public boolean matches(String activeModelId, String activeProviderId, String effectiveHost, String scopeHash) {
        return modelId != null && endpointHost != null && providerId != null && this.scopeHash != null
                && modelId.equals(activeModelId) && providerId.equals(activeProviderId)
                && endpointHost.equals(effectiveHost) && this.scopeHash.equals(scopeHash);
    }
}
