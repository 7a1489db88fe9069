package dev.trestle.domain.model;

import java.time.Instant;

/** {@code EgressGetConsentStatus}; {@code endpointHost} null while the endpoint is invalid. */
public record ConsentStatus(boolean consented, String providerId, String modelId, String endpointHost,
                            String scopeHash, boolean persisted, Instant consentedAt) {
}
