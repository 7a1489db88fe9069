package dev.trestle.domain.model;

import java.time.Instant;
import java.util.List;

/** {@code ProviderStatus} of {@code rpc.md} §2; {@code status} is not_configured, configured or needs_attention. */
public record ProviderStatus(ProviderId provider, boolean configured, boolean enabled, String status,
                             List<String> models, String endpointHost, Instant lastValidatedAt, ErrorInfo lastError) {
    public ProviderStatus {
        models = List.copyOf(models);
    }
}
