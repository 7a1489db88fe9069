package dev.trestle.domain.service;

import dev.trestle.domain.model.ConsentRecord;
import dev.trestle.domain.model.ConsentStatus;
import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProviderEndpoint;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.in.EgressConsentUseCase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Consent bound to provider + model + endpoint host + scope hash, two slots per Workbench ({@code algorithms.md} §4). */
public final class ConsentService implements EgressConsentUseCase {
    private static final String SUBPHASE = "consent";
    private final EngineCore core;

    ConsentService(EngineCore core) {
        this.core = core;
    }

    @Override
    public ConsentStatus status(String workbenchId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKSHOP);
        return status(ctx);
    }

    ConsentStatus status(WorkbenchContext ctx) {
        ModelEntry model = core.activeModel(ctx);
        ProviderEndpoint endpoint = core.ports.endpoints().effective(model.provider());
        String host = endpoint.hostLabel().orElse(null);
        String scope = ctx.scopeHash();
        Optional<ConsentRecord> persisted = core.ports.consent().loadPersisted(ctx.id)
                .filter(r -> host != null && r.matches(model.modelId(), model.provider().id(), host, scope));
        ConsentRecord session = ctx.sessionConsent();
        boolean sessionMatches = session != null && host != null
                && session.matches(model.modelId(), model.provider().id(), host, scope);
        Instant at = persisted.map(ConsentRecord::consentedAt)
                .orElse(sessionMatches ? session.consentedAt() : null);
        return new ConsentStatus(persisted.isPresent() || sessionMatches, model.provider().id(), model.modelId(),
                host, scope, persisted.isPresent(), at);
    }

    @Override
    public void grant(String workbenchId, String providerId, String modelId, String scopeHash, boolean persist) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKSHOP);
        core.locked(ctx, () -> {
            ModelEntry model = core.ports.registry().find(modelId).orElseThrow(() -> new TrestleException(
                    ErrorInfo.validation(Phase.WORKSHOP, "unknown_model", "not in registry").withSubphase(SUBPHASE)));
            ModelEntry active = core.activeModel(ctx);
            if (!model.modelId().equals(active.modelId())) {
                throw new TrestleException(ErrorInfo.validation(Phase.WORKSHOP, "model_not_active",
                        "consent can only be granted for the active model " + active.modelId())
                        .withSubphase(SUBPHASE).withModel(model.modelId()).withWorkbench(ctx.id));
            }
            if (!model.provider().id().equals(providerId)) {
                throw new TrestleException(ErrorInfo.validation(Phase.WORKSHOP, "provider_mismatch",
                        model.modelId() + " belongs to " + model.provider().id())
                        .withSubphase(SUBPHASE).withModel(model.modelId()).withWorkbench(ctx.id));
            }
            if (!ctx.scopeHash().equals(scopeHash)) {
                throw new TrestleException(ErrorInfo.validation(Phase.WORKSHOP, "scope_hash_mismatch",
                        "the files in scope changed; ask again").withSubphase(SUBPHASE).withWorkbench(ctx.id)
                        .withScopeHash(ctx.scopeHash()));
            }
            ProviderEndpoint endpoint = core.ports.endpoints().effective(model.provider());
            String host = endpoint.hostLabel().orElseThrow(() -> new TrestleException(
                    ErrorInfo.of(ErrorCode.EGRESS_BLOCKED_BY_POLICY, Phase.WORKSHOP).withSubphase(SUBPHASE)
                            .withProvider(model.provider().id()).withModel(model.modelId())
                            .withDetail("the provider endpoint is invalid")));
            Instant now = core.ports.clock().now();
            ConsentRecord record = new ConsentRecord(model.provider().id(), model.modelId(), host, ctx.scopeHash(),
                    now, persist);
            if (persist) {
                core.ports.consent().savePersisted(ctx.id, record);
            }
            ctx.setSessionConsent(record);
            core.ports.egressLog().append(ctx.id, new EgressEvent(now, "consent_granted", model.provider().id(),
                    model.modelId(), host, ctx.scopeHash(), null, null, null, null));
        });
    }

    @Override
    public void revoke(String workbenchId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKSHOP);
        core.locked(ctx, () -> {
            core.ports.consent().clearPersisted(ctx.id);
            ctx.setSessionConsent(null);
            ModelEntry model = core.activeModel(ctx);
            String host = core.ports.endpoints().effective(model.provider()).hostLabel().orElse(null);
            core.ports.egressLog().append(ctx.id, new EgressEvent(core.ports.clock().now(), "consent_revoked",
                    model.provider().id(), model.modelId(), host, ctx.scopeHash(), null, null, null, null));
        });
    }

    @Override
    public List<EgressEvent> events(String workbenchId, int limit) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKSHOP);
        return core.ports.egressLog().list(ctx.id, limit);
    }
}
