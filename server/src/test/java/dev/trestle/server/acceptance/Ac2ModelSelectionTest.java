package dev.trestle.server.acceptance;

import static dev.trestle.server.acceptance.EngineHarness.params;
import static dev.trestle.server.acceptance.ScenarioSupport.GEMINI;
import static dev.trestle.server.acceptance.ScenarioSupport.GPT;
import static dev.trestle.server.acceptance.ScenarioSupport.MISTRAL;
import static dev.trestle.server.acceptance.ScenarioSupport.OPUS;
import static dev.trestle.server.acceptance.ScenarioSupport.clutter;
import static dev.trestle.server.acceptance.ScenarioSupport.conversation;
import static dev.trestle.server.acceptance.ScenarioSupport.setKey;
import static dev.trestle.server.acceptance.ScenarioSupport.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AC2 — workbench default and active model; switching updates clutter. */
class Ac2ModelSelectionTest {
    @TempDir
    Path tmp;

    private static String active(EngineHarness h, String wb) {
        return h.call("WorkshopGetState", params("workbench_id", wb)).result().get("active_model_id").getAsString();
    }

    private static String workbenchDefault(EngineHarness h, String wb) {
        return h.call("WorkbenchGetDefaultModel", params("workbench_id", wb)).result().get("model_id")
                .getAsString();
    }

    @Test
    void ac2_1_to_3_switching_the_active_model_notifies_changes_the_default_and_rescales_clutter()
            throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            setKey(h, "mistral", ScenarioSupport.MISTRAL_KEY);
            h.clearNotifications();

            var r = h.call("WorkshopSetActiveModel", params("workbench_id", wb, "model_id", MISTRAL));
            assertThat(r.result().entrySet()).isEmpty();
            assertThat(h.notificationNames()).containsExactly("WorkshopModelChanged", "WorkbenchClutterChanged");
            JsonObject changed = h.notificationsOf("WorkshopModelChanged").get(0);
            assertThat(changed.get("model_id").getAsString()).isEqualTo(MISTRAL);
            assertThat(changed.get("previous_model_id").getAsString()).isEqualTo(GPT);
            assertThat(changed.get("provider_id").getAsString()).isEqualTo("mistral");
            JsonObject clutter = h.notificationsOf("WorkbenchClutterChanged").get(0);
            assertThat(clutter.get("model_id").getAsString()).isEqualTo(MISTRAL);
            // no mistral sample yet: the conservative prior (1.35 × the o200k count), source estimated
            assertThat(clutter.get("source").getAsString()).isEqualTo("estimated");
            long usage = TokenOracle.usage(clutter);
            assertThat(usage).isEqualTo(TokenOracle.breakdownSum(clutter));
            double mistralScore = clutter.get("score").getAsDouble();
            assertThat(mistralScore).isCloseTo((double) usage / (128_000 - 8_192), within(1e-12));
            assertThat(clutter.get("level").getAsString()).isEqualTo("Light");

            // AC2.2
            assertThat(workbenchDefault(h, wb)).isEqualTo(MISTRAL);
            List<JsonObject> conv = conversation(h, wb);
            JsonObject last = conv.get(conv.size() - 1);
            assertThat(last.get("event_kind").getAsString()).isEqualTo("model_switched");
            assertThat(last.getAsJsonObject("metadata").get("from_model_id").getAsString()).isEqualTo(GPT);
            assertThat(last.getAsJsonObject("metadata").get("to_model_id").getAsString()).isEqualTo(MISTRAL);
            JsonObject got = clutter(h, wb);
            JsonObject expected = clutter.deepCopy();
            expected.remove("workbench_id");
            assertThat(got).isEqualTo(expected);

            // AC2.3
            setKey(h, "google", ScenarioSupport.GOOGLE_KEY);
            h.clearNotifications();
            assertThat(h.call("WorkshopSetActiveModel", params("workbench_id", wb, "model_id", GEMINI)).ok())
                    .isTrue();
            JsonObject gem = h.notificationsOf("WorkbenchClutterChanged").get(0);
            assertThat(gem.get("score").getAsDouble())
                    .isCloseTo((double) TokenOracle.usage(gem) / (1_000_000 - 8_192), within(1e-12))
                    .isLessThan(mistralScore);
            assertThat(gem.get("context_tokens_estimate").getAsLong()).isEqualTo(1_000_000);
        }
    }

    @Test
    void ac2_4_switching_to_a_disabled_provider_fails_not_configured_and_changes_nothing() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            setKey(h, "google", ScenarioSupport.GOOGLE_KEY);
            assertThat(h.call("ProvidersSetEnabled", params("provider_id", "google", "enabled", false)).ok())
                    .isTrue();
            int records = conversation(h, wb).size();
            h.clearNotifications();

            var r = h.call("WorkshopSetActiveModel", params("workbench_id", wb, "model_id", GEMINI));
            assertThat(r.errorCode()).isEqualTo("PROVIDER_NOT_CONFIGURED");
            assertThat(strings(r.errorInfo(), "actions")).containsExactly("open_settings");
            assertThat(h.notifications()).isEmpty();
            assertThat(active(h, wb)).isEqualTo(GPT);
            assertThat(workbenchDefault(h, wb)).isEqualTo(GPT);
            assertThat(conversation(h, wb)).hasSize(records);
        }
    }

    @Test
    void ac2_5_setting_the_workbench_default_leaves_the_active_model_alone() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            assertThat(h.call("WorkbenchSetDefaultModel", params("workbench_id", wb, "model_id", OPUS)).ok())
                    .isTrue();
            assertThat(workbenchDefault(h, wb)).isEqualTo(OPUS);
            assertThat(active(h, wb)).isEqualTo(GPT);
            assertThat(h.notificationsOf("WorkshopModelChanged")).isEmpty();
            assertThat(h.notificationsOf("WorkbenchClutterChanged")).isEmpty();
        }
    }
}
