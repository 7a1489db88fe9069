package dev.trestle.domain.service;

import dev.trestle.domain.model.ConsentRecord;
import dev.trestle.domain.model.ConsentStatus;
import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.ModelRegistry;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.WorkbenchId;
import dev.trestle.domain.port.in.EgressConsentUseCase;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.ConsentStorePort;
import dev.trestle.domain.port.out.EgressEventLogPort;
import dev.trestle.domain.port.out.EndpointConfigPort;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Consent bound to provider + model + endpoint host + scope hash, two slots per Workbench
 * ({@code docs/spec/algorithms.md} §4).
 */
public final class ConsentService implements EgressConsentUseCase {
    private static final String SUBPHASE = "consent";
    private final ConsentStorePort consent;
    private final EgressEventLogPort egressLog;
    private final EndpointConfigPort endpoints;
    private final ModelRegistry registry;
    private final ClockPort clock;
    private final WorkbenchContexts workbenches;
    private final ActiveModels models;

    public ConsentService(ConsentStorePort consent, EgressEventLogPort egressLog, EndpointConfigPort endpoints,
                          ModelRegistry registry, ClockPort clock, WorkbenchContexts workbenches,
                          ActiveModels models) {
        this.consent = consent;
        this.egressLog = egressLog;
        this.endpoints = endpoints;
        this.registry = registry;
        this.clock = clock;
        this.workbenches = workbenches;
        this.models = models;
    }

    @Override
    public ConsentStatus status(RequestContext rq, WorkbenchId workbench) {
        return status(workbenches.context(rq, workbench), rq.client());
    }

    /**
     * Consent for {@code client}: the Workbench's persisted consent (shared by every client) or the session consent
     * this client granted (a session consent belongs to the client session that granted it).
     */
    ConsentStatus status(WorkbenchContext ctx, String client) {
        ModelEntry model = models.activeModel(ctx);
        String host = endpoints.effective(model.provider()).hostLabel().orElse(null);
        String scope = ctx.scopeHash();
        Optional<ConsentRecord> persisted = consent.loadPersisted(ctx.id)
                .filter(r -> host != null && r.matches(model.modelId(), model.provider().id(), host, scope));
        ConsentRecord session = ctx.sessionConsent(client);
        boolean sessionMatches = session != null && host != null
                && session.matches(model.modelId(), model.provider().id(), host, scope);
        Instant at = persisted.map(ConsentRecord::consentedAt)
                .orElse(sessionMatches ? session.consentedAt() : null);
        return new ConsentStatus(persisted.isPresent() || sessionMatches, model.provider().id(), model.modelId(),
                host, scope, persisted.isPresent(), at);
    }

    @Override
    public void grant(RequestContext rq, GrantConsent command) {
        String providerId = command.provider().id();
        String scopeHash = command.scopeHash();
        boolean persist = command.persist();
        workbenches.withWorkbench(rq, workbenches.context(rq, command.workbench()), ctx -> {
            ModelEntry model = command.model().flatMap(m -> registry.find(m.value()))
                    .orElseThrow(() -> new TrestleException(
                            rq.validation("unknown_model", "not in registry").withSubphase(SUBPHASE)));
            ModelEntry active = models.activeModel(ctx);
            if (!model.modelId().equals(active.modelId())) {
                throw new TrestleException(rq.validation("model_not_active",
                        "consent can only be granted for the active model " + active.modelId())
                        .withSubphase(SUBPHASE).withModel(model.modelId()).withWorkbench(ctx.id));
            }
            if (!model.provider().id().equals(providerId)) {
                throw new TrestleException(rq.validation("provider_mismatch",
                        model.modelId() + " belongs to " + model.provider().id())
                        .withSubphase(SUBPHASE).withModel(model.modelId()).withWorkbench(ctx.id));
            }
            if (!ctx.scopeHash().equals(scopeHash)) {
                throw new TrestleException(rq.validation("scope_hash_mismatch",
                        "the files in scope changed; ask again").withSubphase(SUBPHASE).withWorkbench(ctx.id)
                        .withScopeHash(ctx.scopeHash()));
            }
            String host = endpoints.effective(model.provider()).hostLabel().orElseThrow(() -> new TrestleException(
                    rq.error(ErrorCode.EGRESS_BLOCKED_BY_POLICY).withSubphase(SUBPHASE)
                            .withProvider(model.provider().id()).withModel(model.modelId())
                            .withDetail("the provider endpoint is invalid")));
            Instant now = clock.now();
            ConsentRecord record = new ConsentRecord(model.provider().id(), model.modelId(), host, ctx.scopeHash(),
                    now, persist);
            // all or nothing with its audit record: if the record cannot be written, the grant is undone
            Optional<ConsentRecord> previous = persist ? consent.loadPersisted(ctx.id) : Optional.empty();
            if (persist) {
                consent.savePersisted(ctx.id, record);
            }
            try {
                egressLog.append(ctx.id, new EgressEvent(now, "consent_granted", model.provider().id(),
                        model.modelId(), host, ctx.scopeHash(), null, null, null, null));
            } catch (TrestleException e) {
                if (persist) {
                    undo(e, () -> restorePersisted(ctx.id, previous));
                }
                throw e;
            }
            ctx.setSessionConsent(rq.client(), record);
        });
    }

    @Override
    public void revoke(RequestContext rq, WorkbenchId workbench) {
        workbenches.withWorkbench(rq, workbenches.context(rq, workbench), ctx -> {
            Optional<ConsentRecord> previous = consent.loadPersisted(ctx.id);
            consent.clearPersisted(ctx.id);
            ModelEntry model = models.activeModel(ctx);
            String host = endpoints.effective(model.provider()).hostLabel().orElse(null);
            try {
                egressLog.append(ctx.id, new EgressEvent(clock.now(), "consent_revoked",
                        model.provider().id(), model.modelId(), host, ctx.scopeHash(), null, null, null, null));
            } catch (TrestleException e) {
                undo(e, () -> restorePersisted(ctx.id, previous));
                throw e;
            }
            ctx.clearSessionConsents();
        });
    }

    private void restorePersisted(String workbenchId, Optional<ConsentRecord> previous) {
        if (previous.isPresent()) {
            consent.savePersisted(workbenchId, previous.get());
        } else {
            consent.clearPersisted(workbenchId);
        }
    }

    /** Puts back an earlier write after a later one failed; a failing undo is added to {@code failure}. */
    private static void undo(TrestleException failure, Runnable undo) {
        try {
            undo.run();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public List<EgressEvent> events(RequestContext rq, ListEgressEvents query) {
        return egressLog.list(workbenches.context(rq, query.workbench()).id, query.limit());
    }
}
