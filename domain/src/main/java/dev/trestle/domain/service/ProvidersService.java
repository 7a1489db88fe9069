package dev.trestle.domain.service;

import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProviderEndpoint;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.ProviderStatus;
import dev.trestle.domain.model.Settings;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.in.ProvidersUseCase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Provider keys, enablement and validation ({@code rpc.md} "Engine, providers, models"). */
public final class ProvidersService implements ProvidersUseCase {
    private static final String VALIDATE = "validate_key";
    private final EngineCore core;
    private final ModelCallService calls;

    ProvidersService(EngineCore core, ModelCallService calls) {
        this.core = core;
        this.calls = calls;
    }

    @Override
    public List<ProviderStatus> status() {
        Settings settings = core.ports.settings().read();
        boolean readable = core.ports.secrets().readable();
        List<ProviderStatus> out = new ArrayList<>();
        for (ProviderId p : ProviderId.values()) {
            Settings.ProviderSettings ps = settings.provider(p);
            boolean configured = core.ports.secrets().apiKey(p).isPresent();
            ProviderEndpoint endpoint = core.ports.endpoints().effective(p);
            ErrorInfo lastError = ps.lastError();
            if (!readable) {
                lastError = ErrorInfo.of(ErrorCode.FILE_READ_FAILED, Phase.SETTINGS).withProvider(p.id())
                        .withDetail("the key store cannot be decrypted; set the key again");
            } else if (!endpoint.isValid()) {
                lastError = ErrorInfo.of(ErrorCode.EGRESS_BLOCKED_BY_POLICY, Phase.SETTINGS).withProvider(p.id())
                        .withDetail("invalid endpoint in settings.json: " + endpoint.invalidReason());
            } else if (endpoint.ignoredCustom() && lastError == null) {
                lastError = ErrorInfo.of(ErrorCode.EGRESS_BLOCKED_BY_POLICY, Phase.SETTINGS).withProvider(p.id())
                        .withDetail("custom endpoint ignored: start the engine with --allow-custom-endpoints");
            }
            boolean attention = !readable || endpoint.needsAttention() || ps.lastError() != null;
            String status = attention ? "needs_attention" : configured ? "configured" : "not_configured";
            out.add(new ProviderStatus(p, configured, ps.enabled(), status,
                    core.ports.registry().modelsOf(p).stream().map(ModelEntry::modelId).toList(),
                    endpoint.hostLabel().orElse(null), ps.lastValidatedAt(), lastError));
        }
        return out;
    }

    @Override
    public void setApiKey(ProviderId provider, String apiKey) {
        String key = apiKey == null ? "" : apiKey.trim();
        if (key.isEmpty() || key.chars().anyMatch(c -> c < 0x21 || c > 0x7E)) {
            throw new TrestleException(ErrorInfo.validation(Phase.SETTINGS, "invalid_params",
                    "api_key must be non-empty printable ASCII without spaces").withProvider(provider.id()));
        }
        // all or nothing: the validation state is cleared first (a no-op when already clear) and put back if the key
        // cannot be stored; the key store is never rewritten to undo (it re-encrypts under a fresh nonce)
        var before = core.ports.settings().read().provider(provider);
        core.ports.settings().update(s -> s.withProvider(provider,
                s.provider(provider).withValidation(null, null)));
        try {
            core.ports.secrets().setApiKey(provider, key);
        } catch (TrestleException e) {
            try {
                core.ports.settings().update(s -> s.withProvider(provider, before));
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        core.ports.log().info("provider_key_set", Map.of("provider_id", provider.id()));
    }

    @Override
    public void clearApiKey(ProviderId provider) {
        core.ports.secrets().clearApiKey(provider);
        core.ports.log().info("provider_key_cleared", Map.of("provider_id", provider.id()));
    }

    @Override
    public void setEnabled(ProviderId provider, boolean enabled) {
        core.ports.settings().update(s -> s.withProvider(provider, s.provider(provider).withEnabled(enabled)));
        core.ports.log().info("provider_enabled_set", Map.of("provider_id", provider.id(), "enabled", enabled));
    }

    @Override
    public Instant validate(ProviderId provider, CancelToken cancel) {
        String key = core.ports.secrets().apiKey(provider).orElseThrow(() -> new TrestleException(
                ErrorInfo.of(ErrorCode.PROVIDER_NOT_CONFIGURED, Phase.SETTINGS).withSubphase(VALIDATE)
                        .withProvider(provider.id()).withDetail("no API key stored")));
        ProviderEndpoint endpoint = core.ports.endpoints().effective(provider);
        ModelCallOutcome outcome;
        if (!endpoint.isValid()) {
            outcome = new ModelCallOutcome(ErrorInfo.of(ErrorCode.EGRESS_BLOCKED_BY_POLICY, Phase.SETTINGS)
                    .withSubphase(VALIDATE).withProvider(provider.id())
                    .withDetail("invalid endpoint: " + endpoint.invalidReason()), -1, -1, 0, true, false);
        } else {
            long started = core.ports.clock().nanoTime();
            outcome = calls.run(ModelCall.validation(provider, key, null), text -> { }, cancel);
            core.ports.log().info("provider_validated", Map.of("provider_id", provider.id(),
                    "outcome", outcome.ok() ? "ok" : outcome.error().errorCode().name(),
                    "requests", outcome.requestsSent(),
                    "duration_ms", (core.ports.clock().nanoTime() - started) / 1_000_000));
        }
        Instant now = core.ports.clock().now();
        if (outcome.ok()) {
            core.ports.settings().update(s -> s.withProvider(provider, s.provider(provider).withValidation(now, null)));
            return now;
        }
        ErrorInfo error = outcome.error().withPhase(Phase.SETTINGS).withSubphase(VALIDATE).withModel(null);
        core.ports.settings().update(s -> s.withProvider(provider,
                s.provider(provider).withValidation(s.provider(provider).lastValidatedAt(), error)));
        throw new TrestleException(error);
    }
}
