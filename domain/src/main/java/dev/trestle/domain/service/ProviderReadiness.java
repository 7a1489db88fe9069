package dev.trestle.domain.service;

import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProviderEndpoint;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.Settings;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.out.EndpointConfigPort;
import dev.trestle.domain.port.out.SecretsPort;
import dev.trestle.domain.port.out.SettingsPort;
import java.util.Optional;

/**
 * Whether a provider can be called: enabled, a key stored, and an effective endpoint that is valid. The one place for
 * "endpoint invalid → {@code EGRESS_BLOCKED_BY_POLICY}" before a call ({@code docs/spec/errors.md} §4).
 */
public final class ProviderReadiness {
    private final SettingsPort settings;
    private final SecretsPort secrets;
    private final EndpointConfigPort endpoints;

    public ProviderReadiness(SettingsPort settings, SecretsPort secrets, EndpointConfigPort endpoints) {
        this.settings = settings;
        this.secrets = secrets;
        this.endpoints = endpoints;
    }

    /** Enabled with a key stored (what {@code ModelsListSupported} reports as available). */
    boolean isReady(Settings current, ProviderId provider) {
        return current.provider(provider).enabled() && secrets.apiKey(provider).isPresent();
    }

    /** The blocking error when {@code provider}'s effective endpoint is invalid. */
    Optional<ErrorInfo> endpointBlocked(ProviderId provider, Phase phase, String subphase) {
        ProviderEndpoint endpoint = endpoints.effective(provider);
        if (endpoint.isValid()) {
            return Optional.empty();
        }
        return Optional.of(ErrorInfo.of(ErrorCode.EGRESS_BLOCKED_BY_POLICY, phase).withSubphase(subphase)
                .withProvider(provider.id()).withDetail("invalid endpoint: " + endpoint.invalidReason()));
    }

    /** Provider enabled with a key and endpoint valid, else the error a chat fails with; returns the key. */
    String requireReady(ModelEntry model, Phase phase, String subphase) {
        Optional<String> key = secrets.apiKey(model.provider());
        if (!settings.read().provider(model.provider()).enabled() || key.isEmpty()) {
            throw new TrestleException(ErrorInfo.of(ErrorCode.PROVIDER_NOT_CONFIGURED, phase)
                    .withSubphase(subphase).withProvider(model.provider().id()).withModel(model.modelId())
                    .withDetail(key.isEmpty() ? "no API key stored" : "provider disabled"));
        }
        endpointBlocked(model.provider(), phase, subphase).ifPresent(e -> {
            throw new TrestleException(e.withModel(model.modelId()));
        });
        return key.get();
    }
}
