package dev.trestle.domain.service;

import static dev.trestle.domain.fakes.FakeProviderTransport.dropAfter;
import static dev.trestle.domain.fakes.FakeProviderTransport.http;
import static dev.trestle.domain.fakes.FakeProviderTransport.net;
import static dev.trestle.domain.fakes.FakeProviderTransport.ok;
import static dev.trestle.domain.fakes.FakeProviderTransport.redirect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.fakes.FakeProviderTransport;
import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.model.ErrorAction;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.ExchangeResult;
import dev.trestle.domain.model.ExchangeResult.NetFailure;
import dev.trestle.domain.model.ObservedContextLimits;
import dev.trestle.domain.model.ProviderProblem;
import dev.trestle.domain.model.RetryBudget;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProviderEndpoint;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.out.SleeperPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelCallServiceTest {
    private static final String KEY = "sk-test-1234";

    private final FakeProviderTransport provider = new FakeProviderTransport();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final Map<ProviderId, ProviderEndpoint> endpoints = new EnumMap<>(ProviderId.class);
    private final ModelCallService service = new ModelCallService(provider,
            p -> endpoints.getOrDefault(p, ProviderEndpoint.official(p, false)), sleeper);
    private final List<String> deltas = Collections.synchronizedList(new ArrayList<>());

    private ModelCallOutcome stream() {
        return stream(ModelCall.AttemptGuard.NONE, CancelToken.NONE);
    }

    private ModelCallOutcome stream(ModelCall.AttemptGuard guard, CancelToken cancel) {
        ChatRequest chat = new ChatRequest("gpt-5.2", "system",
                List.of(new ChatRequest.Message(ChatRequest.Role.USER, "Summarize the files.")));
        return service.run(ModelCall.chat(ProviderId.OPENAI, "openai:gpt-5.2", KEY, chat, "stream", guard),
                deltas::add, cancel);
    }

    private static void assertWorkshopError(ErrorInfo e, ErrorCode code, boolean retryable, ErrorAction... actions) {
        assertThat(e.errorCode()).isEqualTo(code);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.actions()).containsExactly(actions);
        assertThat(e.phase()).isEqualTo(Phase.WORKSHOP);
        assertThat(e.subphase()).isEqualTo("stream");
        assertThat(e.providerId()).isEqualTo("openai");
        assertThat(e.modelId()).isEqualTo("openai:gpt-5.2");
    }

    @Test
    void success_streams_deltas_and_reports_usage_after_one_request() {
        provider.script(ok("Two ", "files."));
        ModelCallOutcome out = stream();
        assertThat(out.ok()).isTrue();
        assertThat(out.requestsSent()).isEqualTo(1);
        assertThat(out.deltaEmitted()).isTrue();
        assertThat(out.inputTokens()).isEqualTo(10);
        assertThat(deltas).containsExactly("Two ", "files.");
        assertThat(provider.urls()).containsExactly("https://api.openai.com/v1/responses");
        assertThat(sleeper.delays).isEmpty();
    }

    @Test
    void ac4_1_auth_failure_is_not_retried() {
        for (int status : new int[] {401, 403}) {
            FakeProviderTransport p = new FakeProviderTransport().script(http(status));
            ModelCallOutcome out = new ModelCallService(p, id -> ProviderEndpoint.official(id, false), sleeper)
                    .run(ModelCall.chat(ProviderId.OPENAI, "openai:gpt-5.2", KEY,
                            new ChatRequest("gpt-5.2", "s", List.of()), "stream", null), null, CancelToken.NONE);
            assertWorkshopError(out.error(), ErrorCode.PROVIDER_AUTH_FAILED, false, ErrorAction.OPEN_SETTINGS);
            assertThat(out.requestsSent()).isEqualTo(1);
            assertThat(out.policyBlocked()).isFalse();
        }
        assertThat(sleeper.delays).isEmpty();
    }

    @Test
    void ac4_2_rate_limit_with_retry_after_waits_that_long_then_succeeds() {
        provider.script(http(429, Map.of("Retry-After", "3")), ok("hi"));
        ModelCallOutcome out = stream();
        assertThat(out.ok()).isTrue();
        assertThat(out.requestsSent()).isEqualTo(2);
        assertThat(sleeper.delays).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void ac4_3_rate_limit_four_times_gives_up_after_three_retries() {
        provider.times(4, http(429));
        ModelCallOutcome out = stream();
        assertWorkshopError(out.error(), ErrorCode.PROVIDER_RATE_LIMITED, true, ErrorAction.RETRY,
                ErrorAction.SWITCH_MODEL);
        assertThat(out.requestsSent()).isEqualTo(4);
        assertThat(sleeper.delays).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofSeconds(8));
    }

    @Test
    void ac4_4_retry_after_above_sixty_seconds_is_not_retried_and_reported() {
        provider.script(http(429, Map.of("retry-after", "120")));
        ModelCallOutcome out = stream();
        assertWorkshopError(out.error(), ErrorCode.PROVIDER_RATE_LIMITED, true, ErrorAction.RETRY,
                ErrorAction.SWITCH_MODEL);
        assertThat(out.error().retryAfterSeconds()).isEqualTo(120L);
        assertThat(out.requestsSent()).isEqualTo(1);
        assertThat(sleeper.delays).isEmpty();
    }

    @Test
    void ac4_5_unavailable_is_retried_on_the_fixed_schedule() {
        provider.times(4, http(503));
        ModelCallOutcome out = stream();
        assertWorkshopError(out.error(), ErrorCode.PROVIDER_UNAVAILABLE, true, ErrorAction.RETRY,
                ErrorAction.SWITCH_MODEL);
        assertThat(out.requestsSent()).isEqualTo(4);
        assertThat(sleeper.delays).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofSeconds(8));
    }

    @Test
    void every_retryable_server_status_is_retried_and_other_server_statuses_are_not() {
        for (int status : new int[] {500, 502, 504, 529}) {
            FakeProviderTransport p = new FakeProviderTransport().times(4, http(status));
            ModelCallOutcome out = new ModelCallService(p, id -> ProviderEndpoint.official(id, false),
                    new RecordingSleeper()).run(ModelCall.validation(ProviderId.MISTRAL, KEY, null), null,
                    CancelToken.NONE);
            assertThat(out.requestsSent()).as("status %d", status).isEqualTo(4);
            assertThat(out.error().errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        }
        provider.script(http(501));
        assertThat(stream().requestsSent()).isEqualTo(1);
    }

    @Test
    void ac4_6_first_byte_timeouts_are_retried_and_offer_switch_model() {
        provider.times(4, net(NetFailure.FIRST_BYTE_TIMEOUT));
        ModelCallOutcome out = stream();
        assertWorkshopError(out.error(), ErrorCode.NETWORK_UNAVAILABLE, true, ErrorAction.RETRY,
                ErrorAction.SWITCH_MODEL);
        assertThat(out.requestsSent()).isEqualTo(4);
    }

    @Test
    void ac4_7_dns_failures_are_retried_and_offer_retry_only() {
        provider.times(4, net(NetFailure.DNS));
        ModelCallOutcome out = stream();
        assertWorkshopError(out.error(), ErrorCode.NETWORK_UNAVAILABLE, true, ErrorAction.RETRY);
        assertThat(out.requestsSent()).isEqualTo(4);
        assertThat(sleeper.delays).hasSize(3);
    }

    @Test
    void ac4_8_a_stream_dropped_after_deltas_is_not_retried() {
        provider.script(dropAfter(2));
        ModelCallOutcome out = stream();
        assertWorkshopError(out.error(), ErrorCode.NETWORK_UNAVAILABLE, true, ErrorAction.RETRY);
        assertThat(out.requestsSent()).isEqualTo(1);
        assertThat(out.deltaEmitted()).isTrue();
        assertThat(deltas).hasSize(2);
        assertThat(sleeper.delays).isEmpty();
    }

    @Test
    void a_retryable_failure_after_a_delta_is_never_retried() {
        provider.script((listener, cancel) -> {
            listener.onDelta("partial");
            return new dev.trestle.domain.model.ExchangeResult.HttpError(503, null, false);
        });
        ModelCallOutcome out = stream();
        assertThat(out.error().errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(out.requestsSent()).isEqualTo(1);
    }

    @Test
    void tls_failures_are_not_retryable_and_not_retried() {
        provider.script(net(NetFailure.TLS));
        ModelCallOutcome out = stream();
        assertWorkshopError(out.error(), ErrorCode.NETWORK_UNAVAILABLE, false, ErrorAction.RETRY);
        assertThat(out.requestsSent()).isEqualTo(1);
    }

    @Test
    void ac4_9_a_guard_failure_sends_nothing() {
        ErrorInfo notConfigured = ErrorInfo.of(ErrorCode.PROVIDER_NOT_CONFIGURED, Phase.WORKSHOP)
                .withSubphase("stream").withProvider("openai").withModel("openai:gpt-5.2");
        ModelCallOutcome out = stream(() -> {
            throw new TrestleException(notConfigured);
        }, CancelToken.NONE);
        assertThat(out.error()).isEqualTo(notConfigured);
        assertThat(out.requestsSent()).isZero();
        assertThat(out.policyBlocked()).isFalse();
        assertThat(provider.calls()).isEmpty();
    }

    @Test
    void the_guard_runs_again_before_every_retry_and_can_stop_it() {
        provider.times(4, http(503));
        AtomicInteger checks = new AtomicInteger();
        ErrorInfo consent = ErrorInfo.of(ErrorCode.EGRESS_CONSENT_REQUIRED, Phase.WORKSHOP);
        ModelCallOutcome out = stream(() -> {
            if (checks.incrementAndGet() == 3) {
                throw new TrestleException(consent);
            }
        }, CancelToken.NONE);
        assertThat(out.error()).isEqualTo(consent);
        assertThat(out.requestsSent()).isEqualTo(2);
        assertThat(checks).hasValue(3);
    }

    @Test
    void ac4_10_a_non_https_endpoint_is_blocked_before_any_request() {
        endpoints.put(ProviderId.OPENAI, new ProviderEndpoint(ProviderId.OPENAI, "api.openai.com", 443, "", null,
                false, null, false));
        provider.script(ok("never"));
        // the service's own target is https; a transport fed an http target refuses it with no socket
        ModelCallOutcome out = service.run(ModelCall.chat(ProviderId.OPENAI, "openai:gpt-5.2", KEY,
                new ChatRequest("gpt-5.2", "s", List.of()), "stream", null), null, CancelToken.NONE);
        assertThat(out.ok()).isTrue();
        FakeProviderTransport strict = new FakeProviderTransport();
        ModelCallOutcome blocked = new ModelCallService((call, d, c) -> strict.exchange(
                new dev.trestle.domain.port.out.ModelTransportPort.Call(call.provider(),
                        FakeProviderTransport.parse("http://api.openai.com/v1/responses"), call.kind(),
                        call.apiKey(), call.chat()), d, c),
                id -> ProviderEndpoint.official(id, false), sleeper)
                .run(ModelCall.chat(ProviderId.OPENAI, "openai:gpt-5.2", KEY,
                        new ChatRequest("gpt-5.2", "s", List.of()), "stream", null), null, CancelToken.NONE);
        assertWorkshopError(blocked.error(), ErrorCode.EGRESS_BLOCKED_BY_POLICY, false, ErrorAction.SWITCH_MODEL);
        assertThat(blocked.policyBlocked()).isTrue();
        assertThat(blocked.requestsSent()).isZero();
        assertThat(strict.calls()).isEmpty();
        assertThat(strict.blockedCalls()).hasSize(1);
    }

    @Test
    void an_invalid_custom_endpoint_blocks_every_request() {
        endpoints.put(ProviderId.OPENAI, ProviderEndpoint.invalid(ProviderId.OPENAI, "ip literal"));
        ModelCallOutcome out = stream();
        assertWorkshopError(out.error(), ErrorCode.EGRESS_BLOCKED_BY_POLICY, false, ErrorAction.SWITCH_MODEL);
        assertThat(out.policyBlocked()).isTrue();
        assertThat(provider.calls()).isEmpty();
    }

    @Test
    void ac4_11_a_redirect_to_another_host_is_blocked_without_contacting_it() {
        provider.script(redirect("https://example.com/"));
        ModelCallOutcome out = stream();
        assertWorkshopError(out.error(), ErrorCode.EGRESS_BLOCKED_BY_POLICY, false, ErrorAction.SWITCH_MODEL);
        assertThat(out.policyBlocked()).isTrue();
        assertThat(provider.urls()).containsExactly("https://api.openai.com/v1/responses");
    }

    @Test
    void ac4_11_a_fourth_redirect_within_the_host_is_blocked_after_three_hops() {
        provider.script(redirect("https://api.openai.com/a"), redirect("https://api.openai.com/b"),
                redirect("https://api.openai.com/c"), redirect("https://api.openai.com/d"), ok("never"));
        ModelCallOutcome out = stream();
        assertWorkshopError(out.error(), ErrorCode.EGRESS_BLOCKED_BY_POLICY, false, ErrorAction.SWITCH_MODEL);
        assertThat(provider.urls()).hasSize(4).doesNotContain("https://api.openai.com/d");
        assertThat(out.requestsSent()).isEqualTo(4);
    }

    @Test
    void allowed_redirects_are_followed_to_completion() {
        provider.script(redirect("https://api.openai.com/v2/responses"), ok("x"));
        ModelCallOutcome out = stream();
        assertThat(out.ok()).isTrue();
        assertThat(provider.urls()).containsExactly("https://api.openai.com/v1/responses",
                "https://api.openai.com/v2/responses");
    }

    @Test
    void redirects_to_hostile_locations_are_all_blocked() {
        for (String location : List.of("http://api.openai.com/", "https://user@api.openai.com/",
                "https://1.2.3.4/", "https://[::1]/", "https://api.openai.com:8443/", "https:///v1",
                "https://evil.api.openai.com/", "https://api.openai.com.evil.com/", "https://api.anthropic.com/")) {
            FakeProviderTransport p = new FakeProviderTransport().script(redirect(location));
            ModelCallOutcome out = new ModelCallService(p, id -> ProviderEndpoint.official(id, false), sleeper)
                    .run(ModelCall.validation(ProviderId.OPENAI, KEY, null), null, CancelToken.NONE);
            assertThat(out.error().errorCode()).as(location).isEqualTo(ErrorCode.EGRESS_BLOCKED_BY_POLICY);
            assertThat(p.calls()).as(location).hasSize(1);
        }
    }

    @Test
    void ac1_4_validation_auth_failure_has_settings_phase_and_no_model() {
        provider.script(http(401));
        ModelCallOutcome out = service.run(ModelCall.validation(ProviderId.GOOGLE, KEY, null), null,
                CancelToken.NONE);
        ErrorInfo e = out.error();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_AUTH_FAILED);
        assertThat(e.phase()).isEqualTo(Phase.SETTINGS);
        assertThat(e.subphase()).isEqualTo("validate_key");
        assertThat(e.providerId()).isEqualTo("google");
        assertThat(e.modelId()).isNull();
        assertThat(e.retryable()).isFalse();
        assertThat(e.actions()).containsExactly(ErrorAction.OPEN_SETTINGS);
        assertThat(provider.urls()).containsExactly("https://generativelanguage.googleapis.com/v1beta/models");
    }

    @Test
    void ac1_5_validation_dns_failures_are_retried_three_times() {
        provider.times(4, net(NetFailure.DNS));
        ModelCallOutcome out = service.run(ModelCall.validation(ProviderId.MISTRAL, KEY, null), null,
                CancelToken.NONE);
        assertThat(out.error().errorCode()).isEqualTo(ErrorCode.NETWORK_UNAVAILABLE);
        assertThat(out.error().retryable()).isTrue();
        assertThat(out.error().modelId()).isNull();
        assertThat(out.requestsSent()).isEqualTo(4);
        assertThat(sleeper.delays).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofSeconds(8));
        assertThat(provider.urls()).allMatch("https://api.mistral.ai/v1/models"::equals);
    }

    @Test
    void context_length_rejection_maps_to_context_exhausted_and_other_4xx_to_provider_rejected_request() {
        provider.script(FakeProviderTransport.contextLength(400));
        assertWorkshopError(stream().error(), ErrorCode.CONTEXT_EXHAUSTED, false, ErrorAction.SWITCH_MODEL);
        provider.script(http(400));
        ErrorInfo e = stream().error();
        assertWorkshopError(e, ErrorCode.VALIDATION_FAILED, false, ErrorAction.RETRY);
        assertThat(e.detail()).isEqualTo("provider_rejected_request: HTTP 400");
        provider.script(http(404));
        assertWorkshopError(stream().error(), ErrorCode.PROVIDER_UNAVAILABLE, false, ErrorAction.SWITCH_MODEL);
    }

    @Test
    void a_protocol_error_is_unavailable_and_not_retried() {
        provider.script(FakeProviderTransport.protocolError());
        ModelCallOutcome out = stream();
        assertWorkshopError(out.error(), ErrorCode.PROVIDER_UNAVAILABLE, true, ErrorAction.RETRY,
                ErrorAction.SWITCH_MODEL);
        assertThat(out.requestsSent()).isEqualTo(1);
    }

    @Test
    void cancel_during_a_retry_delay_ends_with_user_canceled() {
        provider.times(4, http(503));
        sleeper.cancelWhileSleeping = true;
        ModelCallOutcome out = stream();
        assertWorkshopError(out.error(), ErrorCode.USER_CANCELED, false, ErrorAction.RETRY);
        assertThat(out.requestsSent()).isEqualTo(1);
    }

    @Test
    void an_already_cancelled_call_sends_nothing() {
        ModelCallOutcome out = stream(ModelCall.AttemptGuard.NONE, new CancelToken() {
            @Override
            public boolean isCancelled() {
                return true;
            }

            @Override
            public void onCancel(Runnable action) {
                action.run();
            }
        });
        assertThat(out.error().errorCode()).isEqualTo(ErrorCode.USER_CANCELED);
        assertThat(provider.calls()).isEmpty();
    }

    @Test
    void the_key_never_appears_in_the_call_description() {
        ModelCall call = ModelCall.validation(ProviderId.OPENAI, KEY, null);
        assertThat(call.toString()).doesNotContain(KEY);
        provider.script(http(401));
        service.run(call, null, CancelToken.NONE);
        assertThat(provider.calls().get(0).toString()).doesNotContain(KEY);
    }

    /** Records delays; can simulate a cancel arriving while it waits. */
    @Test
    void one_user_action_spends_one_retry_budget_across_its_calls() {
        provider.script(http(503), http(503), http(503), http(503), http(503), ok("late"));
        RetryBudget budget = RetryBudget.perAction();
        ChatRequest chat = new ChatRequest("gpt-5.2", "system",
                List.of(new ChatRequest.Message(ChatRequest.Role.USER, "Summarize the files.")));
        ModelCall call = ModelCall.chat(ProviderId.OPENAI, "openai:gpt-5.2", KEY, chat, "proposal", null);
        ModelCallOutcome first = service.run(call, deltas::add, CancelToken.NONE, budget);
        assertThat(first.requestsSent()).isEqualTo(4);
        ModelCallOutcome second = service.run(call, deltas::add, CancelToken.NONE, budget);
        assertThat(second.requestsSent()).as("the budget is spent: no retry for the second call").isEqualTo(1);
        assertThat(second.error().errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(sleeper.delays).hasSize(3);
    }

    @Test
    void vendor_problems_decide_over_the_status() {
        provider.script(
                (l, c) -> new ExchangeResult.HttpError(400, null, ProviderProblem.context(208_310L, 200_000L)),
                (l, c) -> new ExchangeResult.HttpError(429, Duration.ofSeconds(2),
                        ProviderProblem.of(ProviderProblem.Kind.QUOTA_EXCEEDED)),
                (l, c) -> new ExchangeResult.HttpError(400, null,
                        ProviderProblem.of(ProviderProblem.Kind.MODEL_NOT_FOUND)),
                (l, c) -> new ExchangeResult.StreamError(ProviderProblem.of(ProviderProblem.Kind.QUOTA_EXCEEDED), false),
                (l, c) -> new ExchangeResult.StreamError(ProviderProblem.context(null, null), false));
        ObservedContextLimits limits = new ObservedContextLimits();
        ModelCallService s = new ModelCallService(provider, p -> ProviderEndpoint.official(p, false), sleeper, limits);
        ChatRequest chat = new ChatRequest("gpt-5.2", "system",
                List.of(new ChatRequest.Message(ChatRequest.Role.USER, "Summarize the files.")));
        ModelCall call = ModelCall.chat(ProviderId.OPENAI, "openai:gpt-5.2", KEY, chat, "stream", null);

        ErrorInfo context = s.run(call, deltas::add, CancelToken.NONE).error();
        assertWorkshopError(context, ErrorCode.CONTEXT_EXHAUSTED, false, ErrorAction.SWITCH_MODEL);
        assertThat(context.tokensRequested()).isEqualTo(208_310L);
        assertThat(context.tokensLimit()).isEqualTo(200_000L);
        assertThat(limits.limitFor("openai:gpt-5.2")).contains(200_000L);

        ErrorInfo quota = s.run(call, deltas::add, CancelToken.NONE).error();
        assertWorkshopError(quota, ErrorCode.PROVIDER_QUOTA_EXCEEDED, false, ErrorAction.OPEN_SETTINGS,
                ErrorAction.SWITCH_MODEL);
        assertThat(quota.retryAfterSeconds()).as("no retry hint on a non-retryable error").isNull();

        assertWorkshopError(s.run(call, deltas::add, CancelToken.NONE).error(), ErrorCode.PROVIDER_UNAVAILABLE, false,
                ErrorAction.SWITCH_MODEL);
        assertWorkshopError(s.run(call, deltas::add, CancelToken.NONE).error(), ErrorCode.PROVIDER_QUOTA_EXCEEDED,
                false, ErrorAction.OPEN_SETTINGS, ErrorAction.SWITCH_MODEL);
        assertWorkshopError(s.run(call, deltas::add, CancelToken.NONE).error(), ErrorCode.CONTEXT_EXHAUSTED, false,
                ErrorAction.SWITCH_MODEL);
        assertThat(sleeper.delays).as("none of these is retried").isEmpty();
    }

    static final class RecordingSleeper implements SleeperPort {
        final List<Duration> delays = new ArrayList<>();
        boolean cancelWhileSleeping;

        @Override
        public boolean sleep(Duration delay, CancelToken cancel) {
            delays.add(delay);
            return !cancelWhileSleeping;
        }
    }
}
