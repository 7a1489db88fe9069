package dev.trestle.server.acceptance;

import static dev.trestle.domain.fakes.FakeProviderTransport.hold;
import static dev.trestle.domain.fakes.FakeProviderTransport.ok;
import static dev.trestle.domain.fakes.FakeProviderTransport.redirect;
import static dev.trestle.server.acceptance.EngineHarness.params;
import static dev.trestle.server.acceptance.ScenarioSupport.GPT;
import static dev.trestle.server.acceptance.ScenarioSupport.OPENAI_KEY;
import static dev.trestle.server.acceptance.ScenarioSupport.addFiles;
import static dev.trestle.server.acceptance.ScenarioSupport.consentStatus;
import static dev.trestle.server.acceptance.ScenarioSupport.conversationTypes;
import static dev.trestle.server.acceptance.ScenarioSupport.createWorkbench;
import static dev.trestle.server.acceptance.ScenarioSupport.egressEvents;
import static dev.trestle.server.acceptance.ScenarioSupport.grant;
import static dev.trestle.server.acceptance.ScenarioSupport.provider;
import static dev.trestle.server.acceptance.ScenarioSupport.send;
import static dev.trestle.server.acceptance.ScenarioSupport.setKey;
import static dev.trestle.server.acceptance.ScenarioSupport.stream;
import static dev.trestle.server.acceptance.ScenarioSupport.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.trestle.domain.fakes.FakeProviderTransport;
import dev.trestle.domain.port.out.ModelTransportPort;
import dev.trestle.simulator.TestPki;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AC4.12 (cancelling a run) and AC4.13 (custom endpoints in settings.json, with and without the flag). */
class Ac4CancelAndEndpointsTest {
    private static final int PORT = 8443;

    @TempDir
    Path tmp;

    private static List<String> chatUrls(EngineHarness h) {
        return h.provider.calls().stream().filter(c -> c.kind() == ModelTransportPort.Kind.CHAT)
                .map(c -> c.target().url()).toList();
    }

    // ---- AC4.12

    @Test
    void ac4_12_cancel_run_mid_stream_fails_the_stream_user_canceled_and_a_second_cancel_finds_no_run()
            throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            grant(h, wb, false);
            String u1 = send(h, wb, "Take your time.");
            FakeProviderTransport.Hold held = hold("Partial ");
            h.provider.script(held);
            h.clearNotifications();
            int streamId = h.send("WorkshopStreamAssistantReply",
                    params("workbench_id", wb, "message_id", u1).toString());
            assertThat(held.awaitStarted(EngineHarness.TIMEOUT_S, TimeUnit.SECONDS)).isTrue();

            var cancel = h.call("WorkshopCancelRun", params("workbench_id", wb)).result();
            assertThat(cancel.get("cancel_requested").getAsBoolean()).isTrue();
            assertThat(h.notificationsOf("WorkshopRunCancelRequested")).hasSize(1);

            assertUserCanceled(h.await(streamId));
            assertThat(h.call("WorkshopCancelRun", params("workbench_id", wb)).result().get("cancel_requested")
                    .getAsBoolean()).isFalse();
            assertThat(h.notificationsOf("WorkshopRunCancelRequested")).hasSize(1);
            assertThat(h.notificationsOf("WorkshopAssistantMessageComplete")).isEmpty();
            assertThat(conversationTypes(h, wb)).containsExactly("user_message",
                    "system_event:workshop_stream_failed");
            assertThat(h.call("WorkshopGetState", params("workbench_id", wb)).result().get("run_in_progress")
                    .getAsBoolean()).isFalse();
        }
    }

    @Test
    void ac4_12_cancel_request_on_the_stream_has_the_same_effect_as_cancel_run() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            grant(h, wb, false);
            String u1 = send(h, wb, "Take your time.");
            FakeProviderTransport.Hold held = hold("Partial ");
            h.provider.script(held);
            h.clearNotifications();
            int streamId = h.send("WorkshopStreamAssistantReply",
                    params("workbench_id", wb, "message_id", u1).toString());
            assertThat(held.awaitStarted(EngineHarness.TIMEOUT_S, TimeUnit.SECONDS)).isTrue();

            h.cancelRequest(streamId);
            assertUserCanceled(h.await(streamId));
            assertThat(h.notificationsOf("WorkshopRunCancelRequested")).hasSize(1);
            assertThat(conversationTypes(h, wb)).containsExactly("user_message",
                    "system_event:workshop_stream_failed");
            assertThat(h.call("WorkshopCancelRun", params("workbench_id", wb)).result().get("cancel_requested")
                    .getAsBoolean()).isFalse();
            // the Workbench is free again
            h.provider.script(ok("Done."));
            assertThat(stream(h, wb, u1).ok()).isTrue();
        }
    }

    private static void assertUserCanceled(EngineHarness.Response r) {
        JsonObject e = r.errorInfo();
        assertThat(e.get("error_code").getAsString()).isEqualTo("USER_CANCELED");
        assertThat(e.get("retryable").getAsBoolean()).isFalse();
        assertThat(strings(e, "actions")).containsExactly("retry");
        assertThat(e.get("phase").getAsString()).isEqualTo("workshop");
        assertThat(e.get("subphase").getAsString()).isEqualTo("stream");
        assertThat(e.get("provider_id").getAsString()).isEqualTo("openai");
        assertThat(e.get("model_id").getAsString()).isEqualTo(GPT);
    }

    // ---- AC4.13

    private Path caPem() throws Exception {
        Path pem = tmp.resolve("ca.pem");
        TestPki.create("Acceptance Test CA", "localhost").writeCaPem(pem);
        return pem;
    }

    private static String openAiEndpoint(String baseUrl, Path ca) {
        return "{\"openai\":{\"enabled\":true,\"endpoint\":{\"base_url\":\"" + baseUrl + "\",\"ca_file\":\""
                + ca.toString().replace("\\", "\\\\") + "\"}}}";
    }

    @Test
    void ac4_13_without_the_flag_the_endpoint_is_ignored_and_requests_go_to_the_official_host() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        ScenarioSupport.writeSettings(s.dataDir, openAiEndpoint("https://localhost:" + PORT, caPem()));
        try (EngineHarness h = EngineHarness.start(s.dataDir, false)) {
            String wb = s.standardSetup(h);
            JsonObject p = provider(h, "openai");
            assertThat(p.get("status").getAsString()).isEqualTo("needs_attention");
            assertThat(p.get("endpoint_host").getAsString()).isEqualTo("api.openai.com");
            assertThat(consentStatus(h, wb).get("endpoint_host").getAsString()).isEqualTo("api.openai.com");
            grant(h, wb, false);
            String u = send(h, wb, "Hello");
            assertThat(stream(h, wb, u).ok()).isTrue();
            assertThat(chatUrls(h)).containsExactly("https://api.openai.com/v1/responses");
            assertThat(h.provider.urls()).allMatch(u2 -> u2.startsWith("https://api.openai.com/")
                    || u2.startsWith("https://api.anthropic.com/"));
        }
    }

    @Test
    void ac4_13_with_the_flag_requests_and_consent_bind_the_custom_host_and_the_official_host_is_blocked()
            throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        String wb;
        // consent persisted while the endpoint was ignored names api.openai.com
        ScenarioSupport.writeSettings(s.dataDir, openAiEndpoint("https://localhost:" + PORT, caPem()));
        try (EngineHarness h = EngineHarness.start(s.dataDir, false)) {
            wb = s.standardSetup(h);
            grant(h, wb, true);
            assertThat(consentStatus(h, wb).get("consented").getAsBoolean()).isTrue();
        }
        try (EngineHarness h = EngineHarness.start(s.dataDir, true)) {
            JsonObject p = provider(h, "openai");
            assertThat(p.get("endpoint_host").getAsString()).isEqualTo("localhost:" + PORT);
            assertThat(p.get("status").getAsString()).isNotEqualTo("needs_attention");
            JsonObject st = consentStatus(h, wb);
            assertThat(st.get("endpoint_host").getAsString()).isEqualTo("localhost:" + PORT);
            assertThat(st.get("consented").getAsBoolean()).isFalse();
            String u = send(h, wb, "Hello");
            var refused = stream(h, wb, u);
            assertThat(refused.errorCode()).isEqualTo("EGRESS_CONSENT_REQUIRED");
            assertThat(refused.errorInfo().get("endpoint_host").getAsString()).isEqualTo("localhost:" + PORT);
            assertThat(chatUrls(h)).isEmpty();

            grant(h, wb, true);
            assertThat(stream(h, wb, u).ok()).isTrue();
            assertThat(chatUrls(h)).containsExactly("https://localhost:" + PORT + "/v1/responses");

            h.provider.script(redirect("https://api.openai.com/v1/responses"));
            assertThat(stream(h, wb, u).errorCode()).isEqualTo("EGRESS_BLOCKED_BY_POLICY");
            assertThat(chatUrls(h)).allMatch(x -> x.startsWith("https://localhost:" + PORT + "/"));
            List<JsonObject> events = egressEvents(h, wb);
            assertThat(events.get(events.size() - 1).get("kind").getAsString()).isEqualTo("egress_blocked");
            assertThat(events.get(events.size() - 1).get("endpoint_host").getAsString())
                    .isEqualTo("localhost:" + PORT);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1:" + PORT, "https://user@localhost:" + PORT,
            "https://localhost:" + PORT + "/?q=1", "https://localhost:" + PORT + "/#frag"})
    void ac4_13_an_invalid_base_url_needs_attention_and_every_stream_is_blocked_without_a_request(String baseUrl)
            throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        ScenarioSupport.writeSettings(s.dataDir, openAiEndpoint(baseUrl, caPem()));
        try (EngineHarness h = EngineHarness.start(s.dataDir, true)) {
            setKey(h, "openai", OPENAI_KEY);
            String wb = createWorkbench(h);
            addFiles(h, wb, s.notes, s.data);
            JsonObject p = provider(h, "openai");
            assertThat(p.get("status").getAsString()).isEqualTo("needs_attention");
            assertThat(p.has("endpoint_host")).isFalse();
            JsonObject st = consentStatus(h, wb);
            assertThat(st.get("consented").getAsBoolean()).isFalse();
            assertThat(st.has("endpoint_host")).isFalse();
            String u = send(h, wb, "Hello");
            h.clearNotifications();
            var r = stream(h, wb, u);
            JsonObject e = r.errorInfo();
            assertThat(e.get("error_code").getAsString()).isEqualTo("EGRESS_BLOCKED_BY_POLICY");
            assertThat(strings(e, "actions")).containsExactly("switch_model");
            assertThat(e.get("subphase").getAsString()).isEqualTo("stream");
            assertThat(h.provider.calls()).isEmpty();
            assertThat(h.provider.blockedCalls()).isEmpty();
            assertThat(conversationTypes(h, wb)).containsExactly("user_message");
            assertThat(h.call("ProvidersValidate", params("provider_id", "openai")).errorCode())
                    .isEqualTo("EGRESS_BLOCKED_BY_POLICY");
            assertThat(h.provider.calls()).isEmpty();
        }
    }
}
