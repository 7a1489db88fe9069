package dev.trestle.server.acceptance;

import static dev.trestle.domain.fakes.FakeProviderTransport.dropAfter;
import static dev.trestle.domain.fakes.FakeProviderTransport.http;
import static dev.trestle.domain.fakes.FakeProviderTransport.net;
import static dev.trestle.domain.fakes.FakeProviderTransport.ok;
import static dev.trestle.domain.fakes.FakeProviderTransport.redirect;
import static dev.trestle.server.acceptance.EngineHarness.params;
import static dev.trestle.server.acceptance.ScenarioSupport.ANTHROPIC_KEY;
import static dev.trestle.server.acceptance.ScenarioSupport.GPT;
import static dev.trestle.server.acceptance.ScenarioSupport.OPENAI_KEY;
import static dev.trestle.server.acceptance.ScenarioSupport.conversation;
import static dev.trestle.server.acceptance.ScenarioSupport.conversationTypes;
import static dev.trestle.server.acceptance.ScenarioSupport.egressEvents;
import static dev.trestle.server.acceptance.ScenarioSupport.engineLog;
import static dev.trestle.server.acceptance.ScenarioSupport.grant;
import static dev.trestle.server.acceptance.ScenarioSupport.publishedSnapshot;
import static dev.trestle.server.acceptance.ScenarioSupport.send;
import static dev.trestle.server.acceptance.ScenarioSupport.setKey;
import static dev.trestle.server.acceptance.ScenarioSupport.stream;
import static dev.trestle.server.acceptance.ScenarioSupport.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.trestle.domain.fakes.FakeProviderTransport.Step;
import dev.trestle.domain.model.Endpoint;
import dev.trestle.domain.model.ExchangeResult.NetFailure;
import dev.trestle.domain.port.out.ModelTransportPort;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** AC4 rows 1–10 and the engine-level part of AC4.11: provider failures as ADR-0006 codes with actions. */
class Ac4ProviderFailuresTest {
    static final String PROMPT = "Summarize the files, please.";

    @TempDir
    Path tmp;

    /** A started engine after standard setup with consent granted, and a user message ready to stream. */
    private record Run(EngineHarness h, ScenarioSupport s, String wb, String u1, Map<String, String> published) {
    }

    private Run prepared(UnaryOperator<ModelTransportPort> wrapper) throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        EngineHarness h = EngineHarness.start(s.dataDir, false, wrapper);
        String wb = s.standardSetup(h);
        grant(h, wb, true);
        Map<String, String> published = publishedSnapshot(s.dataDir, wb);
        String u1 = send(h, wb, PROMPT);
        h.clearNotifications();
        return new Run(h, s, wb, u1, published);
    }

    private static long chatRequests(EngineHarness h) {
        return h.provider.calls().stream().filter(c -> c.kind() == ModelTransportPort.Kind.CHAT).count();
    }

    static Stream<Arguments> failingRows() {
        return Stream.of(
                Arguments.of("1 http 401", List.of(http(401)), "PROVIDER_AUTH_FAILED", false,
                        List.of("open_settings"), 1, List.of(), null),
                Arguments.of("1 http 403", List.of(http(403)), "PROVIDER_AUTH_FAILED", false,
                        List.of("open_settings"), 1, List.of(), null),
                Arguments.of("3 http 429 x4", List.of(http(429), http(429), http(429), http(429)),
                        "PROVIDER_RATE_LIMITED", true, List.of("retry", "switch_model"), 4, List.of(0.5, 2.0, 8.0),
                        null),
                Arguments.of("4 http 429 Retry-After 120", List.of(http(429, Map.of("Retry-After", "120"))),
                        "PROVIDER_RATE_LIMITED", true, List.of("retry", "switch_model"), 1, List.of(), 120L),
                Arguments.of("5 http 503 x4", List.of(http(503), http(503), http(503), http(503)),
                        "PROVIDER_UNAVAILABLE", true, List.of("retry", "switch_model"), 4, List.of(0.5, 2.0, 8.0),
                        null),
                Arguments.of("6 net timeout x4", List.of(net(NetFailure.FIRST_BYTE_TIMEOUT),
                                net(NetFailure.FIRST_BYTE_TIMEOUT), net(NetFailure.CONNECT_TIMEOUT),
                                net(NetFailure.CONNECT_TIMEOUT)),
                        "NETWORK_UNAVAILABLE", true, List.of("retry", "switch_model"), 4, List.of(0.5, 2.0, 8.0),
                        null),
                Arguments.of("7 net dns x4", List.of(net(NetFailure.DNS), net(NetFailure.DNS), net(NetFailure.DNS),
                                net(NetFailure.DNS)),
                        "NETWORK_UNAVAILABLE", true, List.of("retry"), 4, List.of(0.5, 2.0, 8.0), null),
                Arguments.of("8 drop after 2 deltas", List.of(dropAfter(2)), "NETWORK_UNAVAILABLE", true,
                        List.of("retry"), 1, List.of(), null));
    }

    @ParameterizedTest(name = "row {0}")
    @MethodSource("failingRows")
    void a_failing_stream_maps_to_its_code_and_leaves_only_a_failure_event(String row, List<Step> steps, String code,
            boolean retryable, List<String> actions, int requests, List<Double> delays, Long retryAfter)
            throws Exception {
        Run run = prepared(UnaryOperator.identity());
        try (EngineHarness h = run.h()) {
            h.provider.script(steps.toArray(Step[]::new));
            var r = stream(h, run.wb(), run.u1());
            JsonObject e = r.errorInfo();
            assertThat(e.get("error_code").getAsString()).isEqualTo(code);
            assertThat(e.get("retryable").getAsBoolean()).isEqualTo(retryable);
            assertThat(strings(e, "actions")).containsExactlyElementsOf(actions);
            assertThat(chatRequests(h)).isEqualTo(requests);
            // one egress receipt per request that left, each naming the files whose content was sent
            List<JsonObject> receipts = ScenarioSupport.egressReceipts(h, run.wb());
            assertThat(receipts).hasSize(requests);
            receipts.forEach(x -> assertThat(x.getAsJsonObject("receipt").getAsJsonArray("files")).isNotEmpty());
            assertThat(h.sleeper.delaySeconds()).containsExactlyElementsOf(delays);
            if (retryAfter != null) {
                assertThat(e.get("retry_after_seconds").getAsLong()).isEqualTo(retryAfter);
            } else {
                assertThat(e.has("retry_after_seconds")).isFalse();
            }
            assertFailureAftermath(run, e, "workshop_chat");
        }
    }

    /** The common columns of every failing row. */
    private static void assertFailureAftermath(Run run, JsonObject e, String egressKind) {
        EngineHarness h = run.h();
        assertThat(e.get("phase").getAsString()).isEqualTo("workshop");
        assertThat(e.get("subphase").getAsString()).isEqualTo("stream");
        assertThat(e.get("provider_id").getAsString()).isEqualTo("openai");
        assertThat(e.get("model_id").getAsString()).isEqualTo(GPT);
        assertThat(publishedSnapshot(run.s().dataDir, run.wb())).isEqualTo(run.published());

        List<JsonObject> conv = conversation(h, run.wb());
        assertThat(conversationTypes(h, run.wb())).containsExactly("user_message",
                "system_event:workshop_stream_failed");
        assertThat(conv.get(1).getAsJsonObject("error")).isEqualTo(e);

        List<String> names = h.notificationNames().stream()
                .filter(n -> !n.equals("WorkshopAssistantStreamDelta")).toList();
        assertThat(names).containsExactly("WorkbenchClutterChanged");

        List<JsonObject> chats = egressEvents(h, run.wb()).stream()
                .filter(ev -> !ev.get("kind").getAsString().startsWith("consent_")).toList();
        assertThat(chats).hasSize(1);
        assertThat(chats.get(0).get("kind").getAsString()).isEqualTo(egressKind);
        assertThat(chats.get(0).get("outcome").getAsString()).isEqualTo("error");
        assertThat(chats.get(0).get("error_code").getAsString()).isEqualTo(e.get("error_code").getAsString());

        String log = engineLog(run.s().dataDir);
        assertThat(log).doesNotContain(OPENAI_KEY).doesNotContain(ANTHROPIC_KEY).doesNotContain(PROMPT)
                .doesNotContain("NOTES-CONTENT-MARKER");
    }

    @Test
    void row_2_a_429_with_retry_after_3_is_retried_once_after_3_seconds_and_succeeds() throws Exception {
        Run run = prepared(UnaryOperator.identity());
        try (EngineHarness h = run.h()) {
            h.provider.script(http(429, Map.of("Retry-After", "3")), ok("Fine."));
            JsonObject reply = stream(h, run.wb(), run.u1()).result();
            assertThat(reply.get("model_id").getAsString()).isEqualTo(GPT);
            assertThat(chatRequests(h)).isEqualTo(2);
            assertThat(h.sleeper.delaySeconds()).containsExactly(3.0);
            assertThat(conversationTypes(h, run.wb())).containsExactly("user_message", "assistant_message");
            List<JsonObject> events = egressEvents(h, run.wb());
            JsonObject last = events.get(events.size() - 1);
            assertThat(last.get("kind").getAsString()).isEqualTo("workshop_chat");
            assertThat(last.get("outcome").getAsString()).isEqualTo("ok");
        }
    }

    @Test
    void row_9_a_disabled_provider_fails_before_any_request_appends_nothing_and_recovers_when_enabled()
            throws Exception {
        Run run = prepared(UnaryOperator.identity());
        try (EngineHarness h = run.h()) {
            assertThat(h.call("ProvidersSetEnabled", params("provider_id", "openai", "enabled", false)).ok())
                    .isTrue();
            int events = egressEvents(h, run.wb()).size();
            h.clearNotifications();
            assertNotConfiguredWithoutTrace(run, events);
            assertThat(h.call("ProvidersSetEnabled", params("provider_id", "openai", "enabled", true)).ok()).isTrue();
            assertThat(stream(h, run.wb(), run.u1()).ok()).isTrue();
            assertThat(chatRequests(h)).isEqualTo(1);
        }
    }

    @Test
    void row_9_a_cleared_key_fails_before_any_request_appends_nothing_and_recovers_when_set_again()
            throws Exception {
        Run run = prepared(UnaryOperator.identity());
        try (EngineHarness h = run.h()) {
            assertThat(h.call("ProvidersClearApiKey", params("provider_id", "openai")).ok()).isTrue();
            int events = egressEvents(h, run.wb()).size();
            h.clearNotifications();
            assertNotConfiguredWithoutTrace(run, events);
            setKey(h, "openai", OPENAI_KEY);
            assertThat(stream(h, run.wb(), run.u1()).ok()).isTrue();
            assertThat(chatRequests(h)).isEqualTo(1);
        }
    }

    private static void assertNotConfiguredWithoutTrace(Run run, int egressEventsBefore) {
        EngineHarness h = run.h();
        var r = stream(h, run.wb(), run.u1());
        JsonObject e = r.errorInfo();
        assertThat(e.get("error_code").getAsString()).isEqualTo("PROVIDER_NOT_CONFIGURED");
        assertThat(e.get("retryable").getAsBoolean()).isFalse();
        assertThat(strings(e, "actions")).containsExactly("open_settings");
        assertThat(e.get("phase").getAsString()).isEqualTo("workshop");
        assertThat(e.get("subphase").getAsString()).isEqualTo("stream");
        assertThat(e.get("provider_id").getAsString()).isEqualTo("openai");
        assertThat(e.get("model_id").getAsString()).isEqualTo(GPT);
        assertThat(chatRequests(h)).isZero();
        assertThat(conversationTypes(h, run.wb())).containsExactly("user_message");
        assertThat(h.notifications()).isEmpty();
        assertThat(egressEvents(h, run.wb())).hasSize(egressEventsBefore);
        assertThat(publishedSnapshot(run.s().dataDir, run.wb())).isEqualTo(run.published());
    }

    /** A test-only transport adapter that builds chat URLs on {@code http://api.openai.com}. */
    private static ModelTransportPort plainHttpBase(ModelTransportPort inner) {
        return (call, deltas, cancel) -> {
            if (call.kind() != ModelTransportPort.Kind.CHAT) {
                return inner.exchange(call, deltas, cancel);
            }
            Endpoint t = call.target();
            Endpoint http = new Endpoint("http", null, t.host(), t.port(), t.pathAndQuery());
            return inner.exchange(new ModelTransportPort.Call(call.provider(), http, call.kind(), call.apiKey(),
                    call.chat()), deltas, cancel);
        };
    }

    @Test
    void row_10_an_adapter_with_an_http_base_is_blocked_without_a_socket_and_logs_egress_blocked()
            throws Exception {
        Run run = prepared(Ac4ProviderFailuresTest::plainHttpBase);
        try (EngineHarness h = run.h()) {
            JsonObject e = stream(h, run.wb(), run.u1()).errorInfo();
            assertThat(e.get("error_code").getAsString()).isEqualTo("EGRESS_BLOCKED_BY_POLICY");
            assertThat(e.get("retryable").getAsBoolean()).isFalse();
            assertThat(strings(e, "actions")).containsExactly("switch_model");
            assertThat(chatRequests(h)).isZero();
            assertThat(h.provider.blockedCalls()).hasSize(1);
            assertThat(h.provider.blockedCalls().get(0).target().scheme()).isEqualTo("http");
            assertThat(h.sleeper.delays()).isEmpty();
            assertFailureAftermath(run, e, "egress_blocked");
        }
    }

    // ---- AC4.11 at engine level: redirects are followed only within the policy

    @Test
    void ac4_11_a_redirect_to_another_host_is_blocked_and_that_host_is_never_contacted() throws Exception {
        Run run = prepared(UnaryOperator.identity());
        try (EngineHarness h = run.h()) {
            h.provider.script(redirect("https://example.com/"), ok("never"));
            JsonObject e = stream(h, run.wb(), run.u1()).errorInfo();
            assertThat(e.get("error_code").getAsString()).isEqualTo("EGRESS_BLOCKED_BY_POLICY");
            assertThat(h.provider.urls()).filteredOn(u -> !u.endsWith("/v1/models"))
                    .containsExactly("https://api.openai.com/v1/responses");
            assertThat(h.provider.blockedCalls()).isEmpty();
            assertFailureAftermath(run, e, "egress_blocked");
        }
    }

    @Test
    void ac4_11_a_fourth_redirect_within_the_provider_host_is_blocked_after_three_hops() throws Exception {
        Run run = prepared(UnaryOperator.identity());
        try (EngineHarness h = run.h()) {
            h.provider.script(redirect("https://api.openai.com/r1"), redirect("https://api.openai.com/r2"),
                    redirect("https://api.openai.com/r3"), redirect("https://api.openai.com/r4"), ok("never"));
            JsonObject e = stream(h, run.wb(), run.u1()).errorInfo();
            assertThat(e.get("error_code").getAsString()).isEqualTo("EGRESS_BLOCKED_BY_POLICY");
            assertThat(h.provider.urls()).filteredOn(u -> !u.endsWith("/v1/models")).containsExactly(
                    "https://api.openai.com/v1/responses", "https://api.openai.com/r1",
                    "https://api.openai.com/r2", "https://api.openai.com/r3");
            assertFailureAftermath(run, e, "egress_blocked");
        }
    }

    @Test
    void ac4_11_redirect_locations_pass_only_when_the_policy_allows_them() throws Exception {
        List<String> allowed = List.of("https://api.openai.com/v1/responses", "https://api.openai.com:443/");
        List<String> blocked = List.of("http://api.openai.com/", "https://api.anthropic.com/",
                "https://evil.api.openai.com/", "https://api.openai.com.evil.com/", "https://user@api.openai.com/",
                "https://1.2.3.4/", "https://[::1]/", "https://api.openai.com:8443/", "https:///v1");
        Run run = prepared(UnaryOperator.identity());
        try (EngineHarness h = run.h()) {
            for (String location : allowed) {
                h.provider.script(redirect(location), ok("fine"));
                assertThat(stream(h, run.wb(), run.u1()).ok()).as(location).isTrue();
            }
            for (String location : blocked) {
                long before = chatRequests(h);
                h.provider.script(redirect(location));
                var r = stream(h, run.wb(), run.u1());
                assertThat(r.errorCode()).as(location).isEqualTo("EGRESS_BLOCKED_BY_POLICY");
                assertThat(chatRequests(h) - before).as(location).isEqualTo(1);
            }
            assertThat(h.provider.calls().stream().filter(c -> c.kind() == ModelTransportPort.Kind.CHAT)
                    .map(c -> c.target().url())).noneMatch(u -> u.contains("evil") || u.contains("1.2.3.4")
                    || u.contains("anthropic") || u.startsWith("http:") || u.contains("8443"));
        }
    }
}
