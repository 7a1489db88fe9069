package dev.trestle.server.acceptance;

import static dev.trestle.server.acceptance.EngineHarness.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import dev.trestle.domain.fakes.FakeProviderTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AC6.1–6.2 (and the token arithmetic of 6.3) through the real engine. */
class Ac6ClutterTest {
    @TempDir
    Path tmp;

    private static void key(EngineHarness h, String provider) {
        assertThat(h.call("ProvidersSetApiKey", params("provider_id", provider, "api_key", "sk-" + provider)).ok())
                .isTrue();
    }

    private static JsonObject clutter(EngineHarness h, String wb) {
        return h.call("WorkbenchGetClutter", params("workbench_id", wb)).result();
    }

    private static JsonObject add(EngineHarness h, String wb, Path... files) {
        return h.call("WorkbenchFilesAdd", params("workbench_id", wb, "source_paths",
                List.of((Object[]) files).stream().map(Object::toString).toList())).result();
    }

    private static JsonObject withoutWorkbench(JsonObject notification) {
        JsonObject c = notification.deepCopy();
        c.remove("workbench_id");
        return c;
    }

    @Test
    void the_spec_example_scores_per_model_and_levels_climb_to_a_clamped_heavy() throws Exception {
        Path a = Files.writeString(tmp.resolve("a.txt"), "a".repeat(4000));
        Path b = Files.writeString(tmp.resolve("b.csv"), "b".repeat(2000));
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            for (String p : List.of("openai", "mistral", "google")) {
                key(h, p);
            }
            String wb = h.call("WorkbenchCreate", params("name", "example")).result().get("workbench_id")
                    .getAsString();
            add(h, wb, a, b);
            h.call("WorkshopSendUserMessage", params("workbench_id", wb, "text", "u".repeat(400))).result();
            JsonObject gpt = clutter(h, wb);
            assertThat(gpt.get("usage_tokens_estimate").getAsLong()).isEqualTo(2600);
            assertThat(gpt.get("score").getAsDouble()).isCloseTo(0.013, within(1e-12));
            assertThat(gpt.get("level").getAsString()).isEqualTo("Light");
            assertThat(gpt.get("context_tokens_estimate").getAsLong()).isEqualTo(200000);

            h.call("WorkshopSetActiveModel", params("workbench_id", wb, "model_id", "mistral:mistral-large")).result();
            JsonObject mistral = clutter(h, wb);
            assertThat(mistral.get("usage_tokens_estimate").getAsLong()).as("model_switched counts 0").isEqualTo(2600);
            assertThat(mistral.get("score").getAsDouble()).isCloseTo(0.0203125, within(1e-12));

            h.call("WorkshopSetActiveModel", params("workbench_id", wb, "model_id", "google:gemini-3-pro-preview")).result();
            assertThat(clutter(h, wb).get("score").getAsDouble()).isCloseTo(0.0026, within(1e-12));

            // levels on mistral-large (128 000): each capped 200 000-byte text file weighs 500 + 25 600
            String big = h.call("WorkbenchCreate", params("name", "big")).result().get("workbench_id").getAsString();
            h.call("WorkshopSetActiveModel", params("workbench_id", big, "model_id", "mistral:mistral-large"))
                    .result();
            String[] expectLevel = {"Light", "Moderate", "Moderate", "Heavy", "Heavy"};
            for (int i = 0; i < 5; i++) {
                Path f = Files.writeString(tmp.resolve("big" + i + ".txt"), String.valueOf(i).repeat(200_000));
                h.clearNotifications();
                add(h, big, f);
                JsonObject c = clutter(h, big);
                double usage = (i + 1) * 26_100.0;
                assertThat(c.get("usage_tokens_estimate").getAsLong()).isEqualTo((long) usage);
                assertThat(c.get("score").getAsDouble()).isCloseTo(Math.min(1.0, usage / 128_000), within(1e-12));
                assertThat(c.get("level").getAsString()).as("after %d files", i + 1).isEqualTo(expectLevel[i]);
                assertThat(withoutWorkbench(h.notificationsOf("WorkbenchClutterChanged").get(0))).isEqualTo(c);
            }
            assertThat(clutter(h, big).get("score").getAsDouble()).isEqualTo(1.0);
        }
    }

    @Test
    void adding_emits_one_clutter_change_after_files_changed_skips_emit_none_and_removal_lowers() throws Exception {
        A2Fixtures fx = new A2Fixtures(tmp.resolve("fixtures"));
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            double before = clutter(h, wb).get("score").getAsDouble();

            h.clearNotifications();
            add(h, wb, fx.scopeChange);
            assertThat(h.notificationNames()).containsExactly("WorkbenchFilesChanged", "WorkbenchClutterChanged");
            JsonObject notified = h.notificationsOf("WorkbenchClutterChanged").get(0);
            assertThat(notified.get("workbench_id").getAsString()).isEqualTo(wb);
            JsonObject now = clutter(h, wb);
            assertThat(withoutWorkbench(notified)).isEqualTo(now);
            assertThat(now.get("usage_tokens_estimate").getAsLong()).isEqualTo(1213 + 505);
            assertThat(now.get("score").getAsDouble()).isGreaterThan(before);

            h.clearNotifications();
            JsonObject skipped = add(h, wb, fx.scopeChange, tmp.resolve("missing.txt"));
            skipped.getAsJsonArray("add_results").forEach(r ->
                    assertThat(r.getAsJsonObject().get("status").getAsString()).isEqualTo("skipped"));
            assertThat(h.notificationNames()).isEmpty();

            h.clearNotifications();
            h.call("WorkbenchFilesRemove", params("workbench_id", wb, "workbench_paths", List.of("scope_change.txt")))
                    .result();
            assertThat(h.notificationNames()).containsExactly("CheckpointCreated", "WorkbenchFilesChanged",
                    "WorkbenchClutterChanged");
            JsonObject lowered = clutter(h, wb);
            assertThat(lowered.get("score").getAsDouble()).isLessThan(now.get("score").getAsDouble());
            assertThat(withoutWorkbench(h.notificationsOf("WorkbenchClutterChanged").get(0))).isEqualTo(lowered);
        }
    }

    @Test
    void a_4000_byte_message_adds_1000_tokens_and_an_800_byte_reply_200_at_completion() throws Exception {
        A2Fixtures fx = new A2Fixtures(tmp.resolve("fixtures"));
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            long base = clutter(h, wb).get("usage_tokens_estimate").getAsLong();
            h.clearNotifications();
            String u1 = h.call("WorkshopSendUserMessage", params("workbench_id", wb, "text", "x".repeat(4000)))
                    .result().get("message_id").getAsString();
            assertThat(h.notificationNames()).containsExactly("WorkbenchClutterChanged");
            assertThat(clutter(h, wb).get("usage_tokens_estimate").getAsLong()).isEqualTo(base + 1000);
            A2Fixtures.grantConsent(h, wb);
            h.provider.script(FakeProviderTransport.ok("r".repeat(400), "r".repeat(400)));
            h.clearNotifications();
            h.call("WorkshopStreamAssistantReply", params("workbench_id", wb, "message_id", u1)).result();
            List<JsonObject> clutters = h.notificationsOf("WorkbenchClutterChanged");
            assertThat(h.notificationNames()).endsWith("WorkshopAssistantMessageComplete", "WorkbenchClutterChanged");
            assertThat(clutters.get(clutters.size() - 1).get("usage_tokens_estimate").getAsLong())
                    .isEqualTo(base + 1200);
        }
    }
}
