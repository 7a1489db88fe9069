package dev.trestle.server.acceptance;

import static dev.trestle.domain.fakes.FakeProviderTransport.dropAfter;
import static dev.trestle.domain.fakes.FakeProviderTransport.http;
import static dev.trestle.domain.fakes.FakeProviderTransport.net;
import static dev.trestle.domain.fakes.FakeProviderTransport.ok;
import static dev.trestle.domain.fakes.FakeProviderTransport.okJson;
import static dev.trestle.server.acceptance.EngineHarness.params;
import static dev.trestle.server.acceptance.ScenarioSupport.filesContaining;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.ExchangeResult.NetFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invariant 9: API keys exist only encrypted at rest and never appear in logs, events, errors or results. */
class KeyNeverLeaksTest {
    private static final List<String> KEYS = List.of("sk-LEAKCHECK-openai-0123456789abcdef",
            "sk-ant-LEAKCHECK-anthropic-fedcba9876543210", "AIza-LEAKCHECK-google-55aa66bb",
            "LEAKCHECK-mistral-77cc88dd");

    @TempDir
    Path tmp;

    @Test
    void a_session_full_of_failures_never_shows_a_key_in_any_file_notification_or_response() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        List<String> frames = new ArrayList<>();
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            class Recorder {
                EngineHarness.Response call(String method, Object params) {
                    EngineHarness.Response r = h.call(method, params.toString());
                    frames.add(r.toString());
                    return r;
                }
            }
            Recorder rec = new Recorder();
            String[] providers = {"openai", "anthropic", "google", "mistral"};
            for (int i = 0; i < 4; i++) {
                rec.call("ProvidersSetApiKey", params("provider_id", providers[i], "api_key", KEYS.get(i)));
            }
            // validation failures of every kind
            h.provider.script(http(401), http(429), http(429), http(429), http(429));
            rec.call("ProvidersValidate", params("provider_id", "google"));
            rec.call("ProvidersValidate", params("provider_id", "mistral"));
            h.provider.times(4, net(NetFailure.CONNECT_TIMEOUT));
            rec.call("ProvidersValidate", params("provider_id", "anthropic"));
            rec.call("ProvidersValidate", params("provider_id", "openai"));
            rec.call("ProvidersGetStatus", "{}");
            rec.call("ModelsListSupported", "{}");

            String wb = rec.call("WorkbenchCreate", params("name", "Leak check")).result().get("workbench_id")
                    .getAsString();
            rec.call("WorkbenchFilesAdd", params("workbench_id", wb, "source_paths",
                    List.of(s.notes.toString(), s.data.toString())));
            String u = rec.call("WorkshopSendUserMessage", params("workbench_id", wb, "text", "Go"))
                    .result().get("message_id").getAsString();
            Object stream = params("workbench_id", wb, "message_id", u);
            rec.call("WorkshopStreamAssistantReply", stream); // consent required
            rec.call("EgressGrantWorkshopConsent", params("workbench_id", wb, "provider_id", "openai",
                    "model_id", "openai:gpt-5.2", "scope_hash", "0".repeat(64), "persist", true)); // mismatch
            String hash = rec.call("EgressGetConsentStatus", params("workbench_id", wb)).result().get("scope_hash")
                    .getAsString();
            rec.call("EgressGrantWorkshopConsent", params("workbench_id", wb, "provider_id", "openai",
                    "model_id", "openai:gpt-5.2", "scope_hash", hash, "persist", true));
            h.provider.script(http(401));
            rec.call("WorkshopStreamAssistantReply", stream);
            h.provider.script(http(429, Map.of("Retry-After", "120")));
            rec.call("WorkshopStreamAssistantReply", stream);
            h.provider.times(4, http(503));
            rec.call("WorkshopStreamAssistantReply", stream);
            h.provider.times(4, net(NetFailure.FIRST_BYTE_TIMEOUT));
            rec.call("WorkshopStreamAssistantReply", stream);
            h.provider.script(dropAfter(1));
            rec.call("WorkshopStreamAssistantReply", stream);
            h.provider.script(okJson("not json"), okJson("still not json"));
            rec.call("WorkshopProposeChanges", params("workbench_id", wb));
            h.provider.script(ok("Fine."));
            rec.call("WorkshopStreamAssistantReply", stream);
            rec.call("WorkshopGetConversation", params("workbench_id", wb));
            rec.call("EgressListEvents", params("workbench_id", wb));
            rec.call("ProvidersGetStatus", "{}");
            rec.call("ProvidersClearApiKey", params("provider_id", "mistral"));
            rec.call("ProvidersSetEnabled", params("provider_id", "openai", "enabled", false));
            rec.call("WorkshopStreamAssistantReply", stream); // not configured

            // the session really went through failures
            assertThat(frames).anyMatch(f -> f.contains("PROVIDER_AUTH_FAILED"))
                    .anyMatch(f -> f.contains("PROVIDER_RATE_LIMITED"))
                    .anyMatch(f -> f.contains("PROVIDER_UNAVAILABLE"))
                    .anyMatch(f -> f.contains("NETWORK_UNAVAILABLE"))
                    .anyMatch(f -> f.contains("EGRESS_CONSENT_REQUIRED"))
                    .anyMatch(f -> f.contains("PROVIDER_NOT_CONFIGURED"));
            assertThat(h.provider.calls()).anyMatch(c -> KEYS.contains(c.apiKey()));
            h.notifications().forEach(n -> frames.add(n.toString()));

            for (String key : KEYS) {
                assertThat(frames).as("frames").noneMatch(f -> f.contains(key) || f.contains(key.substring(0, 16)));
            }
        }
        for (String key : KEYS) {
            assertThat(filesContaining(s.dataDir, key)).as(key).isEmpty();
            assertThat(filesContaining(s.dataDir, key.substring(0, 16))).as(key).isEmpty();
        }
        assertThat(s.dataDir.resolve("secrets.enc")).exists();
        assertThat(filesContaining(s.dataDir, "LEAKCHECK")).isEmpty();
    }
}
