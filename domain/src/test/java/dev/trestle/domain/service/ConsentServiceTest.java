package dev.trestle.domain.service;

import static dev.trestle.domain.service.ServiceFixture.id;
import static dev.trestle.domain.service.ServiceFixture.rq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.domain.fakes.TestRegistry;
import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ModelId;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProviderEndpoint;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.in.EgressConsentUseCase;
import dev.trestle.domain.port.in.ManageFilesUseCase;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsentServiceTest {
    private final ServiceFixture f = new ServiceFixture();

    @Test
    void consent_is_bound_to_the_scope_and_lapses_when_the_files_change() {
        String wb = f.workbenchWithNotes();
        var before = f.consentService.status(rq(Phase.WORKSHOP), id(wb));
        assertThat(before.consented()).isFalse();
        f.consentService.grant(rq(Phase.WORKSHOP), new EgressConsentUseCase.GrantConsent(id(wb),
                ProviderId.parse("openai").orElseThrow(), ModelId.parse(TestRegistry.GPT), before.scopeHash(), true));
        assertThat(f.consentService.status(rq(Phase.WORKSHOP), id(wb)).consented()).isTrue();
        assertThat(f.consent.loadPersisted(wb)).isPresent();

        f.store.source("/src/more.txt", "more");
        f.workbenchService.add(rq(Phase.WORKBENCH), new ManageFilesUseCase.AddFiles(id(wb), List.of("/src/more.txt")));
        var after = f.consentService.status(rq(Phase.WORKSHOP), id(wb));
        assertThat(after.consented()).isFalse();
        assertThat(after.scopeHash()).isNotEqualTo(before.scopeHash());
    }

    @Test
    void consent_for_a_model_that_is_not_active_is_refused() {
        String wb = f.workbenchWithNotes();
        String scope = f.consentService.status(rq(Phase.WORKSHOP), id(wb)).scopeHash();
        assertThatThrownBy(() -> f.consentService.grant(rq(Phase.WORKSHOP),
                new EgressConsentUseCase.GrantConsent(id(wb), ProviderId.parse("anthropic").orElseThrow(),
                        ModelId.parse(TestRegistry.SONNET), scope,
                                false))).isInstanceOfSatisfying(TrestleException.class, e -> {
                    assertThat(e.info().detailToken()).isEqualTo("model_not_active");
                    assertThat(e.info().subphase()).isEqualTo("consent");
                });
        assertThat(f.egressLog.list(wb, 10)).isEmpty();
    }

    @Test
    void an_invalid_endpoint_blocks_the_grant() {
        String wb = f.workbenchWithNotes();
        String scope = f.consentService.status(rq(Phase.WORKSHOP), id(wb)).scopeHash();
        f.endpointOverrides.put(ProviderId.OPENAI, ProviderEndpoint.invalid(ProviderId.OPENAI, "http scheme"));
        assertThatThrownBy(() -> f.consentService.grant(rq(Phase.WORKSHOP),
                new EgressConsentUseCase.GrantConsent(id(wb), ProviderId.parse("openai").orElseThrow(),
                        ModelId.parse(TestRegistry.GPT), scope, false))).isInstanceOfSatisfying(TrestleException.class,
                        e -> assertThat(e.info().errorCode()).isEqualTo(ErrorCode.EGRESS_BLOCKED_BY_POLICY));
        assertThat(f.consent.loadPersisted(wb)).isEmpty();
    }

    @Test
    void revoke_clears_both_slots_and_is_logged() {
        String wb = f.workbenchWithNotes();
        f.readyWithConsent(wb);
        f.consentService.revoke(rq(Phase.WORKSHOP), id(wb));
        assertThat(f.consentService.status(rq(Phase.WORKSHOP), id(wb)).consented()).isFalse();
        assertThat(f.consentService.events(rq(Phase.WORKSHOP),
                new EgressConsentUseCase.ListEgressEvents(id(wb), 10))).extracting(EgressEvent::kind)
                .containsExactly("consent_granted", "consent_revoked");
    }

    @Test
    void a_session_consent_belongs_to_the_client_that_granted_it_and_a_persisted_one_to_all() {
        String wb = f.workbenchWithNotes();
        RequestContext window = new RequestContext(null, null, Phase.WORKSHOP, "client-1");
        RequestContext cli = new RequestContext(null, null, Phase.WORKSHOP, "client-2");
        String scope = f.consentService.status(window, id(wb)).scopeHash();

        f.consentService.grant(window, new EgressConsentUseCase.GrantConsent(id(wb),
                ProviderId.parse("openai").orElseThrow(), ModelId.parse(TestRegistry.GPT), scope, false));
        assertThat(f.consentService.status(window, id(wb)).consented()).isTrue();
        assertThat(f.consentService.status(cli, id(wb)).consented()).isFalse();

        f.consentService.grant(cli, new EgressConsentUseCase.GrantConsent(id(wb),
                ProviderId.parse("openai").orElseThrow(), ModelId.parse(TestRegistry.GPT), scope, true));
        assertThat(f.consentService.status(rq(Phase.WORKSHOP), id(wb)).consented()).isTrue();

        f.consentService.revoke(cli, id(wb));
        assertThat(f.consentService.status(window, id(wb)).consented()).as("a revoke ends every client's consent")
                .isFalse();
    }
}
