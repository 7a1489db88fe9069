package dev.trestle.server.acceptance;

import static dev.trestle.server.acceptance.EngineHarness.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.trestle.domain.fakes.FakeProviderTransport;
import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.model.ClutterLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AC6.1–6.2 (and the token arithmetic of 6.3) through the real engine and the real o200k counter. */
class Ac6ClutterTest {
    private static final String[] WORDS = {"the", "ledger", "quarterly", "report", "shows", "steady", "growth",
        "in", "revenue", "while", "costs", "fell", "sharply", "after", "new", "supplier", "contracts", "were",
        "signed", "across", "three", "regions", "and", "margins", "improved"};

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

    static String prose(int bytes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder b = new StringBuilder(bytes + 16);
        while (b.length() < bytes) {
            b.append(WORDS[r.nextInt(WORDS.length)]).append(r.nextInt(12) == 0 ? ".\n" : " ");
        }
        return b.substring(0, bytes);
    }

    private static void assertScaled(JsonObject scaled, JsonObject exact, double ratio) {
        List<JsonElement> a = scaled.getAsJsonArray("breakdown").asList();
        List<JsonElement> b = exact.getAsJsonArray("breakdown").asList();
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            long local = b.get(i).getAsJsonObject().get("tokens").getAsLong();
            assertThat(a.get(i).getAsJsonObject().get("tokens").getAsLong()).as(a.get(i).toString())
                    .isEqualTo((long) Math.ceil(local * ratio - 1e-9));
        }
    }

    @Test
    void gpt_5_2_counts_the_next_request_exactly_and_other_models_scale_it_by_their_documented_prior()
            throws Exception {
        Path a = Files.writeString(tmp.resolve("a.txt"), prose(4000, 1));
        Path b = Files.writeString(tmp.resolve("b.csv"), "id,amount,region\n" + "17,1200.50,north\n".repeat(110));
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            for (String p : List.of("openai", "mistral", "google")) {
                key(h, p);
            }
            String wb = h.call("WorkbenchCreate", params("name", "example")).result().get("workbench_id")
                    .getAsString();
            add(h, wb, a, b);
            String u = h.call("WorkshopSendUserMessage", params("workbench_id", wb, "text", prose(400, 2)))
                    .result().get("message_id").getAsString();
            JsonObject gpt = clutter(h, wb);
            long usage = TokenOracle.usage(gpt);
            assertThat(gpt.get("source").getAsString()).isEqualTo("exact");
            assertThat(gpt.get("error_band_percent").getAsDouble()).isEqualTo(2.0);
            assertThat(gpt.get("context_tokens_estimate").getAsLong()).isEqualTo(200_000);
            assertThat(gpt.get("reserved_output_tokens").getAsLong()).isEqualTo(8_192);
            assertThat(gpt.get("usable_context_tokens").getAsLong()).isEqualTo(191_808);
            assertThat(gpt.get("score").getAsDouble()).isCloseTo((double) usage / 191_808, within(1e-12));
            assertThat(gpt.get("level").getAsString()).isEqualTo("Light");
            assertThat(TokenOracle.breakdownSum(gpt)).isEqualTo(usage);
            assertThat(gpt.getAsJsonArray("breakdown").asList()).extracting(e -> e.getAsJsonObject().get("kind")
                    .getAsString()).containsExactly("system", "file", "file", "conversation");

            // the request then sent carries exactly that many o200k tokens (a piece boundary may add one per file)
            A2Fixtures.grantConsent(h, wb);
            h.provider.script(FakeProviderTransport.ok("fine"));
            assertThat(h.call("WorkshopStreamAssistantReply", params("workbench_id", wb, "message_id", u)).ok())
                    .isTrue();
            ChatRequest sent = h.provider.calls().get(h.provider.calls().size() - 1).chat();
            assertThat(usage).isBetween(TokenOracle.request(sent), TokenOracle.request(sent) + 2);

            JsonObject gptAfter = clutter(h, wb);
            h.call("WorkshopSetActiveModel", params("workbench_id", wb, "model_id", "mistral:mistral-large")).result();
            JsonObject mistral = clutter(h, wb);
            assertThat(mistral.get("source").getAsString()).isEqualTo("estimated");
            assertThat(mistral.get("error_band_percent").getAsDouble()).isEqualTo(10.0);
            assertScaled(mistral, gptAfter, 1.35);
            assertThat(mistral.get("score").getAsDouble())
                    .isCloseTo((double) TokenOracle.usage(mistral) / (128_000 - 8_192), within(1e-12));

            h.call("WorkshopSetActiveModel", params("workbench_id", wb, "model_id", "google:gemini-3-pro-preview")).result();
            JsonObject gemini = clutter(h, wb);
            assertScaled(gemini, gptAfter, 1.30);
            assertThat(gemini.get("score").getAsDouble())
                    .isCloseTo((double) TokenOracle.usage(gemini) / (1_000_000 - 8_192), within(1e-12));
        }
    }

    @Test
    void levels_climb_with_the_score_on_the_usable_window_and_clamp_at_heavy() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            key(h, "mistral");
            String big = h.call("WorkbenchCreate", params("name", "big")).result().get("workbench_id").getAsString();
            h.call("WorkshopSetActiveModel", params("workbench_id", big, "model_id", "mistral:mistral-large"))
                    .result();
            long previous = 0;
            for (int i = 0; i < 7; i++) {
                Path f = Files.writeString(tmp.resolve("big" + i + ".txt"), prose(200_000, 10 + i));
                h.clearNotifications();
                add(h, big, f);
                JsonObject c = clutter(h, big);
                long usage = TokenOracle.usage(c);
                assertThat(usage).isGreaterThan(previous);
                previous = usage;
                double score = Math.min(1.0, usage / (128_000.0 - 8_192));
                assertThat(c.get("score").getAsDouble()).isCloseTo(score, within(1e-12));
                assertThat(c.get("level").getAsString()).as("after %d files", i + 1)
                        .isEqualTo(ClutterLevel.of(score).name());
                assertThat(withoutWorkbench(h.notificationsOf("WorkbenchClutterChanged").get(0))).isEqualTo(c);
            }
            assertThat(clutter(h, big).get("score").getAsDouble()).isEqualTo(1.0);
            assertThat(clutter(h, big).get("level").getAsString()).isEqualTo("Heavy");
        }
    }

    @Test
    void adding_emits_one_clutter_change_after_files_changed_skips_emit_none_and_removal_lowers() throws Exception {
        A2Fixtures fx = new A2Fixtures(tmp.resolve("fixtures"));
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            JsonObject before = clutter(h, wb);

            h.clearNotifications();
            add(h, wb, fx.scopeChange);
            assertThat(h.notificationNames()).containsExactly("WorkbenchFilesChanged", "WorkbenchClutterChanged");
            JsonObject notified = h.notificationsOf("WorkbenchClutterChanged").get(0);
            assertThat(notified.get("workbench_id").getAsString()).isEqualTo(wb);
            JsonObject now = clutter(h, wb);
            assertThat(withoutWorkbench(notified)).isEqualTo(now);
            assertThat(TokenOracle.usage(now)).isEqualTo(TokenOracle.usage(before)
                    + TokenOracle.item(now, "file", "scope_change.txt"));
            assertThat(now.get("score").getAsDouble()).isGreaterThan(before.get("score").getAsDouble());

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
            assertThat(lowered).isEqualTo(before);
            assertThat(withoutWorkbench(h.notificationsOf("WorkbenchClutterChanged").get(0))).isEqualTo(lowered);
        }
    }

    @Test
    void a_message_adds_its_o200k_count_plus_framing_and_a_reply_adds_its_own_at_completion() throws Exception {
        A2Fixtures fx = new A2Fixtures(tmp.resolve("fixtures"));
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            long base = TokenOracle.usage(clutter(h, wb));
            h.clearNotifications();
            String text = prose(4000, 3);
            String u1 = h.call("WorkshopSendUserMessage", params("workbench_id", wb, "text", text))
                    .result().get("message_id").getAsString();
            assertThat(h.notificationNames()).containsExactly("WorkbenchClutterChanged");
            long afterMessage = TokenOracle.usage(clutter(h, wb));
            assertThat(afterMessage).isEqualTo(base + TokenOracle.message(text));
            A2Fixtures.grantConsent(h, wb);
            String r1 = prose(400, 4);
            String r2 = prose(400, 5);
            h.provider.script(FakeProviderTransport.ok(r1, r2));
            h.clearNotifications();
            h.call("WorkshopStreamAssistantReply", params("workbench_id", wb, "message_id", u1)).result();
            List<JsonObject> clutters = h.notificationsOf("WorkbenchClutterChanged");
            assertThat(h.notificationNames()).endsWith("WorkshopAssistantMessageComplete", "WorkbenchClutterChanged");
            assertThat(TokenOracle.usage(clutters.get(clutters.size() - 1)))
                    .isEqualTo(afterMessage + TokenOracle.message(r1 + r2));
        }
    }
}
