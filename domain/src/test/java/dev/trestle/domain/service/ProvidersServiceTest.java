package dev.trestle.domain.service;

import static dev.trestle.domain.service.ServiceFixture.rq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.domain.fakes.FakeProviderTransport;
import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProviderEndpoint;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.in.ProvidersUseCase;
import org.junit.jupiter.api.Test;

class ProvidersServiceTest {
    private final ServiceFixture f = new ServiceFixture();

    @Test
    void a_stored_key_makes_the_provider_configured() {
        f.providers.setApiKey(rq(Phase.SETTINGS), new ProvidersUseCase.SetApiKey(ProviderId.MISTRAL, "  mk-123  "));
        assertThat(f.secrets.apiKey(ProviderId.MISTRAL)).contains("mk-123");
        assertThat(f.providers.status(rq(Phase.SETTINGS)).get(3).status()).isEqualTo("configured");
    }

    @Test
    void a_started_validation_ignores_the_requests_cancel_token() {
        f.secrets.setApiKey(ProviderId.OPENAI, "sk-test");
        CancelToken cancelled = new CancelToken() {
            @Override
            public boolean isCancelled() {
                return true;
            }

            @Override
            public void onCancel(Runnable action) {
                action.run();
            }
        };
        var at = f.providers.validate(new RequestContext(cancelled, null, Phase.SETTINGS), ProviderId.OPENAI);
        assertThat(at).isEqualTo(f.clock.now());
        assertThat(f.transport.requestCount()).isEqualTo(1);
        assertThat(f.settings.read().provider(ProviderId.OPENAI).lastValidatedAt()).isEqualTo(at);
    }

    @Test
    void an_invalid_endpoint_blocks_validation_before_any_request_and_is_remembered() {
        f.secrets.setApiKey(ProviderId.OPENAI, "sk-test");
        f.endpointOverrides.put(ProviderId.OPENAI, ProviderEndpoint.invalid(ProviderId.OPENAI, "http scheme"));
        assertThatThrownBy(() -> f.providers.validate(rq(Phase.SETTINGS), ProviderId.OPENAI))
                .isInstanceOfSatisfying(TrestleException.class, e -> {
                    assertThat(e.info().errorCode()).isEqualTo(ErrorCode.EGRESS_BLOCKED_BY_POLICY);
                    assertThat(e.info().subphase()).isEqualTo("validate_key");
                });
        assertThat(f.transport.requestCount()).isZero();
        assertThat(f.settings.read().provider(ProviderId.OPENAI).lastError().errorCode())
                .isEqualTo(ErrorCode.EGRESS_BLOCKED_BY_POLICY);
    }

    @Test
    void a_rejected_key_is_reported_as_auth_failed() {
        f.secrets.setApiKey(ProviderId.OPENAI, "sk-test");
        f.transport.script(FakeProviderTransport.http(401));
        assertThatThrownBy(() -> f.providers.validate(rq(Phase.SETTINGS), ProviderId.OPENAI))
                .isInstanceOfSatisfying(TrestleException.class,
                        e -> assertThat(e.info().errorCode()).isEqualTo(ErrorCode.PROVIDER_AUTH_FAILED));
    }
}
