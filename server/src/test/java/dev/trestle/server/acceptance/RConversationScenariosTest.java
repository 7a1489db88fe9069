package dev.trestle.server.acceptance;

import static dev.trestle.domain.fakes.FakeProviderTransport.ok;
import static dev.trestle.server.acceptance.EngineHarness.params;
import static dev.trestle.server.acceptance.ScenarioSupport.GPT;
import static dev.trestle.server.acceptance.ScenarioSupport.SONNET;
import static dev.trestle.server.acceptance.ScenarioSupport.addFiles;
import static dev.trestle.server.acceptance.ScenarioSupport.conversation;
import static dev.trestle.server.acceptance.ScenarioSupport.conversationTypes;
import static dev.trestle.server.acceptance.ScenarioSupport.createWorkbench;
import static dev.trestle.server.acceptance.ScenarioSupport.grant;
import static dev.trestle.server.acceptance.ScenarioSupport.send;
import static dev.trestle.server.acceptance.ScenarioSupport.stream;
import static dev.trestle.server.acceptance.ScenarioSupport.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.port.out.ModelTransportPort;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** R1–R5 of {@code acceptance.md} §3: consent decline, provider switch mid-conversation, disable, no key, growth. */
class RConversationScenariosTest {
    @TempDir
    Path tmp;

    private static List<ModelTransportPort.Call> chatCalls(EngineHarness h) {
        return h.provider.calls().stream().filter(c -> c.kind() == ModelTransportPort.Kind.CHAT).toList();
    }

    @Test
    void r1_a_declined_consent_stores_only_the_user_message_and_one_grant_covers_later_messages() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            String u1 = send(h, wb, "First question");
            assertThat(stream(h, wb, u1).errorCode()).isEqualTo("EGRESS_CONSENT_REQUIRED");
            assertThat(stream(h, wb, u1).errorCode()).isEqualTo("EGRESS_CONSENT_REQUIRED");
            assertThat(conversationTypes(h, wb)).containsExactly("user_message");
            assertThat(chatCalls(h)).isEmpty();

            grant(h, wb, false);
            assertThat(stream(h, wb, u1).ok()).isTrue();
            String u2 = send(h, wb, "Second question");
            assertThat(stream(h, wb, u2).ok()).isTrue();
            assertThat(conversationTypes(h, wb)).containsExactly("user_message", "assistant_message",
                    "user_message", "assistant_message");
            assertThat(chatCalls(h)).hasSize(2);
        }
    }

    @Test
    void r2_switching_provider_keeps_the_history_and_tags_each_reply_with_its_model() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            grant(h, wb, false);
            String u1 = send(h, wb, "What is in notes?");
            h.provider.script(ok("Notes hold ", "markers."));
            assertThat(stream(h, wb, u1).result().get("model_id").getAsString()).isEqualTo(GPT);

            assertThat(h.call("WorkshopSetActiveModel", params("workbench_id", wb, "model_id", SONNET)).ok())
                    .isTrue();
            grant(h, wb, false);
            String u2 = send(h, wb, "And data?");
            h.provider.script(ok("Numbers."));
            assertThat(stream(h, wb, u2).result().get("model_id").getAsString()).isEqualTo(SONNET);

            List<String> assistantModels = conversation(h, wb).stream()
                    .filter(m -> m.get("type").getAsString().equals("assistant_message"))
                    .map(m -> m.get("model_id").getAsString()).toList();
            assertThat(assistantModels).containsExactly(GPT, SONNET);

            ModelTransportPort.Call second = chatCalls(h).get(1);
            assertThat(second.provider().provider().id()).isEqualTo("anthropic");
            assertThat(second.target().url()).isEqualTo("https://api.anthropic.com/v1/messages");
            assertThat(second.chat().apiModelName()).isEqualTo("claude-sonnet-4-6");
            assertThat(second.chat().messages()).containsExactly(
                    new ChatRequest.Message(ChatRequest.Role.USER, "What is in notes?"),
                    new ChatRequest.Message(ChatRequest.Role.ASSISTANT, "Notes hold markers."),
                    new ChatRequest.Message(ChatRequest.Role.USER, "And data?"));
            assertThat(second.chat().messages()).noneMatch(m -> m.text().contains("switched"));
        }
    }

    @Test
    void r3_disabling_the_provider_fails_the_stream_keeps_the_conversation_and_re_enabling_works()
            throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            grant(h, wb, false);
            String u1 = send(h, wb, "One");
            assertThat(stream(h, wb, u1).ok()).isTrue();
            String u2 = send(h, wb, "Two");
            assertThat(h.call("ProvidersSetEnabled", params("provider_id", "openai", "enabled", false)).ok())
                    .isTrue();
            var r = stream(h, wb, u2);
            assertThat(r.errorCode()).isEqualTo("PROVIDER_NOT_CONFIGURED");
            assertThat(strings(r.errorInfo(), "actions")).containsExactly("open_settings");
            assertThat(conversationTypes(h, wb)).containsExactly("user_message", "assistant_message",
                    "user_message");
            assertThat(h.call("ProvidersSetEnabled", params("provider_id", "openai", "enabled", true)).ok()).isTrue();
            assertThat(stream(h, wb, u2).ok()).isTrue();
            assertThat(conversationTypes(h, wb)).containsExactly("user_message", "assistant_message",
                    "user_message", "assistant_message");
        }
    }

    @Test
    void r4_without_a_key_for_the_active_provider_the_stream_fails_not_configured_before_consent()
            throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = createWorkbench(h);
            addFiles(h, wb, s.notes, s.data);
            String u1 = send(h, wb, "Hello");
            var r = stream(h, wb, u1);
            JsonObject e = r.errorInfo();
            assertThat(e.get("error_code").getAsString()).isEqualTo("PROVIDER_NOT_CONFIGURED");
            assertThat(strings(e, "actions")).containsExactly("open_settings");
            assertThat(e.get("provider_id").getAsString()).isEqualTo("openai");
            assertThat(h.provider.calls()).isEmpty();
        }
    }

    @Test
    void r5_each_of_five_long_exchanges_raises_the_clutter_score_and_always_reports_a_level() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            grant(h, wb, false);
            double previous = ScenarioSupport.clutter(h, wb).get("score").getAsDouble();
            for (int i = 0; i < 5; i++) {
                String u = send(h, wb, ("question " + i + " ").repeat(200).substring(0, 2000));
                double afterQuestion = ScenarioSupport.clutter(h, wb).get("score").getAsDouble();
                assertThat(afterQuestion).isGreaterThan(previous);
                h.provider.script(ok(("answer " + i + " ").repeat(200).substring(0, 1000),
                        ("answer " + i + " ").repeat(200).substring(0, 1000)));
                h.clearNotifications();
                assertThat(stream(h, wb, u).ok()).isTrue();
                List<JsonObject> clutter = h.notificationsOf("WorkbenchClutterChanged");
                assertThat(clutter).isNotEmpty().allMatch(c -> c.has("level"));
                double score = clutter.get(clutter.size() - 1).get("score").getAsDouble();
                assertThat(score).as("exchange %d", i).isGreaterThan(afterQuestion);
                previous = score;
            }
        }
    }
}
