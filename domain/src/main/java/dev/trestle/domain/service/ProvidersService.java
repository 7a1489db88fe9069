package dev.trestle.domain.service;

import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.EgressReceipt;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.ModelRegistry;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProviderEndpoint;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.ProviderStatus;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.Settings;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.in.ProvidersUseCase;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.EndpointConfigPort;
import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.SecretsPort;
import dev.trestle.domain.port.out.SettingsPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Provider keys, enablement and validation ({@code docs/spec/rpc.md} "Engine, providers, models"). */
public final class ProvidersService implements ProvidersUseCase {
    private static final String VALIDATE = "validate_key";
    private final SettingsPort settings;
    private final SecretsPort secrets;
    private final EndpointConfigPort endpoints;
    private final ModelRegistry registry;
    private final ClockPort clock;
    private final EngineLogPort log;
    private final ProviderReadiness readiness;
    private final ModelCallService calls;

    public ProvidersService(SettingsPort settings, SecretsPort secrets, EndpointConfigPort endpoints,
                            ModelRegistry registry, ClockPort clock, EngineLogPort log, ProviderReadiness readiness,
                            ModelCallService calls) {
        this.settings = settings;
        this.secrets = secrets;
        this.endpoints = endpoints;
        this.registry = registry;
        this.clock = clock;
        this.log = log;
        this.readiness = readiness;
        this.calls = calls;
    }

    @Override
    public List<ProviderStatus> status(RequestContext rq) {
        Settings current = settings.read();
        boolean readable = secrets.readable();
        List<ProviderStatus> out = new ArrayList<>();
        for (ProviderId p : ProviderId.values()) {
            Settings.ProviderSettings ps = current.provider(p);
            boolean configured = secrets.apiKey(p).isPresent();
            ProviderEndpoint endpoint = endpoints.effective(p);
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
                    registry.modelsOf(p).stream().map(ModelEntry::modelId).toList(),
                    endpoint.hostLabel().orElse(null), ps.lastValidatedAt(), lastError));
        }
        return out;
    }

    @Override
    public void setApiKey(RequestContext rq, SetApiKey command) {
        ProviderId provider = command.provider();
        String key = command.apiKey();
        // all or nothing: the validation state is cleared first (a no-op when already clear) and put back if the key
        // cannot be stored; the key store is never rewritten to undo (it re-encrypts under a fresh nonce)
        var before = settings.read().provider(provider);
        settings.update(s -> s.withProvider(provider, s.provider(provider).withValidation(null, null)));
        try {
            secrets.setApiKey(provider, key);
        } catch (TrestleException e) {
            try {
                settings.update(s -> s.withProvider(provider, before));
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        log.info("provider_key_set", Map.of("provider_id", provider.id()));
    }

    @Override
    public void clearApiKey(RequestContext rq, ProviderId provider) {
        secrets.clearApiKey(provider);
        log.info("provider_key_cleared", Map.of("provider_id", provider.id()));
    }

    @Override
    public void setEnabled(RequestContext rq, ProviderId provider, boolean enabled) {
        settings.update(s -> s.withProvider(provider, s.provider(provider).withEnabled(enabled)));
        log.info("provider_enabled_set", Map.of("provider_id", provider.id(), "enabled", enabled));
    }

    @Override
    public Instant validate(RequestContext rq, ProviderId provider) {
        String key = secrets.apiKey(provider).orElseThrow(() -> new TrestleException(
                rq.error(ErrorCode.PROVIDER_NOT_CONFIGURED).withSubphase(VALIDATE)
                        .withProvider(provider.id()).withDetail("no API key stored")));
        Optional<ErrorInfo> blocked = readiness.endpointBlocked(provider, Phase.SETTINGS, VALIDATE);
        ModelCallOutcome outcome;
        if (blocked.isPresent()) {
            outcome = new ModelCallOutcome(blocked.get(), -1, -1, 0, true, false);
        } else {
            long started = clock.nanoTime();
            // not a Workshop run: once started it ignores $/cancelRequest (docs/spec/rpc.md §1)
            outcome = calls.run(ModelCall.validation(provider, key, null).withReceipts(null, this::engineReceipt),
                    text -> { }, CancelToken.NONE);
            log.info("provider_validated", Map.of("provider_id", provider.id(),
                    "outcome", outcome.ok() ? "ok" : outcome.error().errorCode().name(),
                    "requests", outcome.requestsSent(),
                    "duration_ms", (clock.nanoTime() - started) / 1_000_000));
        }
        Instant now = clock.now();
        if (outcome.ok()) {
            settings.update(s -> s.withProvider(provider, s.provider(provider).withValidation(now, null)));
            return now;
        }
        ErrorInfo error = rq.answer(outcome.error().orSubphase(VALIDATE)).withModel(null);
        settings.update(s -> s.withProvider(provider,
                s.provider(provider).withValidation(s.provider(provider).lastValidatedAt(), error)));
        throw new TrestleException(error);
    }

    /** A provider-level request (key validation) is receipted in the engine log: it sends no Workbench content. */
    private void engineReceipt(EgressReceipt r) {
        Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("provider_id", r.providerId());
        f.put("endpoint_host", r.endpointHost());
        f.put("request_kind", r.requestKind());
        f.put("body_sha256", r.bodySha256());
        f.put("body_bytes", r.bodyBytes());
        f.put("http_status", r.httpStatus());
        f.put("outcome", r.outcome());
        log.info("egress_receipt", f);
    }
}
