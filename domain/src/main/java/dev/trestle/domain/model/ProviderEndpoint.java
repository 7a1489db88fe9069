package dev.trestle.domain.model;

import java.util.Optional;

/**
 * Where a provider's requests go: its allowlisted host, or a valid §5.1 custom endpoint honoured under
 * {@code --allow-custom-endpoints}. {@code invalidReason} is set when a custom endpoint applies but is invalid: every
 * request then fails {@code EGRESS_BLOCKED_BY_POLICY}. {@code caFile} is an opaque reference for the transport.
 */
public record ProviderEndpoint(ProviderId provider, String host, int port, String basePath, String caFile,
                               boolean custom, String invalidReason, boolean ignoredCustom) {

    public static ProviderEndpoint official(ProviderId provider, boolean ignoredCustom) {
        return new ProviderEndpoint(provider, provider.allowlistedHost(), 443, "", null, false, null, ignoredCustom);
    }

    public static ProviderEndpoint invalid(ProviderId provider, String reason) {
        return new ProviderEndpoint(provider, null, -1, "", null, true, reason, false);
    }

    public boolean isValid() {
        return invalidReason == null;
    }

    /** {@code host[:port]} (port only when not 443); empty while invalid. */
    public Optional<String> hostLabel() {
        if (!isValid()) {
            return Optional.empty();
        }
        return Optional.of(port == 443 ? host : host + ":" + port);
    }

    /** The endpoint a request for {@code path} (a §1 table path, with query) targets. */
    public Endpoint target(String path) {
        return Endpoint.https(host, port == 443 ? -1 : port, basePath + path);
    }

    /** Whether this provider needs attention because of its endpoint configuration. */
    public boolean needsAttention() {
        return !isValid() || ignoredCustom;
    }
}
