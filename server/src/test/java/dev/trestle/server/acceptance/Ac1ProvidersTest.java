package dev.trestle.server.acceptance;

import static dev.trestle.domain.fakes.FakeProviderTransport.http;
import static dev.trestle.domain.fakes.FakeProviderTransport.net;
import static dev.trestle.server.acceptance.EngineHarness.params;
import static dev.trestle.server.acceptance.ScenarioSupport.filesContaining;
import static dev.trestle.server.acceptance.ScenarioSupport.provider;
import static dev.trestle.server.acceptance.ScenarioSupport.setKey;
import static dev.trestle.server.acceptance.ScenarioSupport.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.trestle.domain.model.ExchangeResult.NetFailure;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AC1 — several providers, key validation, default model. */
class Ac1ProvidersTest {
    @TempDir
    Path tmp;

    @Test
    void ac1_1_a_fresh_engine_lists_four_unconfigured_enabled_providers_with_their_allowlisted_hosts()
            throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            var providers = h.call("ProvidersGetStatus", "{}").result().getAsJsonArray("providers");
            assertThat(providers).hasSize(4);
            List<String> ids = List.of("openai", "anthropic", "google", "mistral");
            List<String> hosts = List.of("api.openai.com", "api.anthropic.com", "generativelanguage.googleapis.com",
                    "api.mistral.ai");
            for (int i = 0; i < 4; i++) {
                JsonObject p = providers.get(i).getAsJsonObject();
                assertThat(p.get("provider_id").getAsString()).isEqualTo(ids.get(i));
                assertThat(p.get("configured").getAsBoolean()).isFalse();
                assertThat(p.get("enabled").getAsBoolean()).isTrue();
                assertThat(p.get("status").getAsString()).isEqualTo("not_configured");
                assertThat(p.get("endpoint_host").getAsString()).isEqualTo(hosts.get(i));
            }
        }
    }

    @Test
    void ac1_2_a_stored_key_appears_in_no_file_and_bad_keys_are_refused_leaving_it_unchanged() throws Exception {
        Path dataDir = tmp.resolve("data");
        try (EngineHarness h = EngineHarness.start(dataDir)) {
            var r = h.call("ProvidersSetApiKey", params("provider_id", "openai", "api_key", "sk-test-1234"));
            assertThat(r.result().get("configured").getAsBoolean()).isTrue();
            assertThat(provider(h, "openai").get("configured").getAsBoolean()).isTrue();
            assertThat(dataDir.resolve("secrets.enc")).exists();
            assertThat(filesContaining(dataDir, "sk-test-1234")).isEmpty();

            for (String bad : List.of("  ", "sk test")) {
                var refused = h.call("ProvidersSetApiKey", params("provider_id", "openai", "api_key", bad));
                assertThat(refused.errorCode()).isEqualTo("VALIDATION_FAILED");
                assertThat(refused.detailToken()).isEqualTo("invalid_params");
            }
            // the key is unchanged: validation still authenticates with it
            assertThat(h.call("ProvidersValidate", params("provider_id", "openai")).ok()).isTrue();
            assertThat(h.provider.calls()).hasSize(1);
            assertThat(h.provider.calls().get(0).apiKey()).isEqualTo("sk-test-1234");
            assertThat(filesContaining(dataDir, "sk-test-1234")).isEmpty();
        }
    }

    @Test
    void ac1_3_validation_ok_marks_the_provider_configured_after_one_request_to_the_models_endpoint()
            throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            setKey(h, "openai", "sk-test-1234");
            var r = h.call("ProvidersValidate", params("provider_id", "openai")).result();
            assertThat(r.get("ok").getAsBoolean()).isTrue();
            assertThat(r.get("validated_at").getAsString()).isNotBlank();
            JsonObject p = provider(h, "openai");
            assertThat(p.get("status").getAsString()).isEqualTo("configured");
            assertThat(p.get("last_validated_at").getAsString()).isEqualTo(r.get("validated_at").getAsString());
            assertThat(h.provider.urls()).containsExactly("https://api.openai.com/v1/models");
        }
    }

    @Test
    void ac1_4_a_rejected_google_key_needs_attention_and_setting_it_again_clears_the_error() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            setKey(h, "google", "goog-1");
            h.provider.script(http(401));
            var r = h.call("ProvidersValidate", params("provider_id", "google"));
            JsonObject e = r.errorInfo();
            assertThat(e.get("error_code").getAsString()).isEqualTo("PROVIDER_AUTH_FAILED");
            assertThat(e.get("phase").getAsString()).isEqualTo("settings");
            assertThat(e.get("subphase").getAsString()).isEqualTo("validate_key");
            assertThat(e.get("provider_id").getAsString()).isEqualTo("google");
            assertThat(e.has("model_id")).isFalse();
            assertThat(e.get("retryable").getAsBoolean()).isFalse();
            assertThat(strings(e, "actions")).containsExactly("open_settings");
            assertThat(h.provider.urls()).containsExactly(
                    "https://generativelanguage.googleapis.com/v1beta/models");

            JsonObject p = provider(h, "google");
            assertThat(p.get("status").getAsString()).isEqualTo("needs_attention");
            assertThat(p.get("configured").getAsBoolean()).isTrue();
            assertThat(p.getAsJsonObject("last_error").get("error_code").getAsString())
                    .isEqualTo("PROVIDER_AUTH_FAILED");

            setKey(h, "google", "goog-2");
            p = provider(h, "google");
            assertThat(p.has("last_error")).isFalse();
            assertThat(p.has("last_validated_at")).isFalse();
            assertThat(p.get("status").getAsString()).isEqualTo("configured");
        }
    }

    @Test
    void ac1_5_dns_failures_are_retried_three_times_on_the_schedule_and_the_key_is_kept() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            setKey(h, "mistral", "mistral-1");
            h.provider.times(4, net(NetFailure.DNS));
            JsonObject e = h.call("ProvidersValidate", params("provider_id", "mistral")).errorInfo();
            assertThat(e.get("error_code").getAsString()).isEqualTo("NETWORK_UNAVAILABLE");
            assertThat(e.get("retryable").getAsBoolean()).isTrue();
            assertThat(h.provider.requestCount()).isEqualTo(4);
            assertThat(h.sleeper.delaySeconds()).containsExactly(0.5, 2.0, 8.0);
            assertThat(provider(h, "mistral").get("configured").getAsBoolean()).isTrue();
        }
    }

    @Test
    void ac1_6_the_user_default_model_seeds_new_workbenches_and_unknown_models_are_refused() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            assertThat(h.call("UserSetDefaultModel", params("model_id", "anthropic:claude-sonnet-4-6")).ok())
                    .isTrue();
            assertThat(h.call("UserGetDefaultModel", "{}").result().get("model_id").getAsString())
                    .isEqualTo("anthropic:claude-sonnet-4-6");
            String wb = ScenarioSupport.createWorkbench(h);
            assertThat(h.call("WorkbenchGetDefaultModel", params("workbench_id", wb)).result().get("model_id")
                    .getAsString()).isEqualTo("anthropic:claude-sonnet-4-6");
            assertThat(h.call("WorkshopGetState", params("workbench_id", wb)).result().get("active_model_id")
                    .getAsString()).isEqualTo("anthropic:claude-sonnet-4-6");

            var refused = h.call("UserSetDefaultModel", params("model_id", "openai:gpt-4"));
            assertThat(refused.errorCode()).isEqualTo("VALIDATION_FAILED");
            assertThat(refused.detailToken()).isEqualTo("unknown_model");
            assertThat(h.call("UserGetDefaultModel", "{}").result().get("model_id").getAsString())
                    .isEqualTo("anthropic:claude-sonnet-4-6");
        }
    }

    @Test
    void ac1_7_with_only_an_openai_key_only_gpt_is_available_among_five_models_in_registry_order()
            throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            setKey(h, "openai", "sk-test-1234");
            var models = h.call("ModelsListSupported", "{}").result().getAsJsonArray("models");
            assertThat(models).hasSize(5);
            List<String> ids = List.of("openai:gpt-5.2", "anthropic:claude-sonnet-4-6", "anthropic:claude-opus-4-6",
                    "google:gemini-3-pro-preview", "mistral:mistral-large");
            List<Long> windows = List.of(200_000L, 200_000L, 200_000L, 1_000_000L, 128_000L);
            int i = 0;
            for (JsonElement m : models) {
                JsonObject o = m.getAsJsonObject();
                assertThat(o.get("model_id").getAsString()).isEqualTo(ids.get(i));
                assertThat(o.get("context_tokens_estimate").getAsLong()).isEqualTo(windows.get(i));
                assertThat(o.get("available").getAsBoolean()).as(ids.get(i)).isEqualTo(i == 0);
                i++;
            }
        }
    }
}
