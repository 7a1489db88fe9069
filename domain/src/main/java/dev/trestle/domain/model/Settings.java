package dev.trestle.domain.model;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The domain's view of {@code settings.json} ({@code storage.md} §2). Unknown JSON fields are the adapter's to keep.
 */
public record Settings(String userDefaultModelId, Limits limits, Map<ProviderId, ProviderSettings> providers) {
    public Settings {
        EnumMap<ProviderId, ProviderSettings> copy = new EnumMap<>(ProviderId.class);
        for (ProviderId p : ProviderId.values()) {
            copy.put(p, providers.getOrDefault(p, ProviderSettings.DEFAULT));
        }
        providers = java.util.Collections.unmodifiableMap(copy);
    }

    public static Settings defaults() {
        return new Settings(null, Limits.DEFAULT, Map.of());
    }

    public ProviderSettings provider(ProviderId id) {
        return providers.get(id);
    }

    public Settings withUserDefault(String modelId) {
        return new Settings(modelId, limits, providers);
    }

    public Settings withProvider(ProviderId id, ProviderSettings value) {
        EnumMap<ProviderId, ProviderSettings> copy = new EnumMap<>(providers);
        copy.put(id, value);
        return new Settings(userDefaultModelId, limits, copy);
    }

    /** Per-provider settings; {@code endpoint} is only ever set by editing the file. */
    public record ProviderSettings(boolean enabled, Instant lastValidatedAt, ErrorInfo lastError,
                                   CustomEndpoint endpoint) {
        public static final ProviderSettings DEFAULT = new ProviderSettings(true, null, null, null);

        public ProviderSettings withEnabled(boolean value) {
            return new ProviderSettings(value, lastValidatedAt, lastError, endpoint);
        }

        public ProviderSettings withValidation(Instant at, ErrorInfo error) {
            return new ProviderSettings(enabled, at, error, endpoint);
        }
    }

    /** A §5.1 custom endpoint as written in the file, not yet validated. */
    public record CustomEndpoint(String baseUrl, String caFile) {
    }
}
