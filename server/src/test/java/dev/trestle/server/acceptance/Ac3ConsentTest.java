package dev.trestle.server.acceptance;

import static dev.trestle.domain.fakes.FakeProviderTransport.ok;
import static dev.trestle.server.acceptance.EngineHarness.params;
import static dev.trestle.server.acceptance.ScenarioSupport.GPT;
import static dev.trestle.server.acceptance.ScenarioSupport.OPUS;
import static dev.trestle.server.acceptance.ScenarioSupport.SONNET;
import static dev.trestle.server.acceptance.ScenarioSupport.addFiles;
import static dev.trestle.server.acceptance.ScenarioSupport.consentStatus;
import static dev.trestle.server.acceptance.ScenarioSupport.conversation;
import static dev.trestle.server.acceptance.ScenarioSupport.egressEvents;
import static dev.trestle.server.acceptance.ScenarioSupport.grant;
import static dev.trestle.server.acceptance.ScenarioSupport.scopeHash;
import static dev.trestle.server.acceptance.ScenarioSupport.send;
import static dev.trestle.server.acceptance.ScenarioSupport.stream;
import static dev.trestle.server.acceptance.ScenarioSupport.strings;
import static dev.trestle.server.acceptance.ScenarioSupport.workbenchDir;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.trestle.domain.port.out.ModelTransportPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AC3 — consent bound to provider + model + endpoint host + scope hash; re-prompt on change. */
class Ac3ConsentTest {
    @TempDir
    Path tmp;

    private static long chatRequests(EngineHarness h) {
        return h.provider.calls().stream().filter(c -> c.kind() == ModelTransportPort.Kind.CHAT).count();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void assertConsentRequired(EngineHarness.Response r, String provider, String model, String host,
                                              String hash) {
        JsonObject e = r.errorInfo();
        assertThat(e.get("error_code").getAsString()).isEqualTo("EGRESS_CONSENT_REQUIRED");
        assertThat(e.get("phase").getAsString()).isEqualTo("workshop");
        assertThat(e.get("subphase").getAsString()).isEqualTo("stream");
        assertThat(e.get("provider_id").getAsString()).isEqualTo(provider);
        assertThat(e.get("model_id").getAsString()).isEqualTo(model);
        assertThat(e.get("endpoint_host").getAsString()).isEqualTo(host);
        assertThat(e.get("scope_hash").getAsString()).isEqualTo(hash);
        assertThat(e.get("retryable").getAsBoolean()).isTrue();
        assertThat(strings(e, "actions")).containsExactly("retry");
    }

    @Test
    void ac3_1_to_3_no_consent_blocks_the_stream_without_a_request_and_a_grant_lets_it_through() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            // AC3.1
            JsonObject st = consentStatus(h, wb);
            assertThat(st.get("consented").getAsBoolean()).isFalse();
            assertThat(st.get("provider_id").getAsString()).isEqualTo("openai");
            assertThat(st.get("model_id").getAsString()).isEqualTo(GPT);
            assertThat(st.get("endpoint_host").getAsString()).isEqualTo("api.openai.com");
            byte[] data = Files.readAllBytes(s.data);
            byte[] notes = Files.readAllBytes(s.notes);
            String input = "data.csv\n" + data.length + "\n" + sha256(data) + "\n"
                    + "notes.txt\n" + notes.length + "\n" + sha256(notes) + "\n";
            String hash = sha256(input.getBytes(StandardCharsets.UTF_8));
            assertThat(st.get("scope_hash").getAsString()).isEqualTo(hash);

            // AC3.2
            String u1 = send(h, wb, "Summarize the files.");
            h.clearNotifications();
            var refused = stream(h, wb, u1);
            assertConsentRequired(refused, "openai", GPT, "api.openai.com", hash);
            assertThat(chatRequests(h)).isZero();
            assertThat(conversation(h, wb)).extracting(m -> m.get("message_id").getAsString()).containsExactly(u1);
            assertThat(egressEvents(h, wb)).noneMatch(e -> e.get("kind").getAsString().equals("workshop_chat"));
            assertThat(h.notifications()).isEmpty();

            // AC3.3
            assertThat(h.call("EgressGrantWorkshopConsent", params("workbench_id", wb, "provider_id", "openai",
                    "model_id", GPT, "scope_hash", hash, "persist", true)).ok()).isTrue();
            h.provider.script(ok("Two ", "files."));
            h.clearNotifications();
            JsonObject reply = stream(h, wb, u1).result();
            String a1 = reply.get("message_id").getAsString();
            assertThat(a1).startsWith("a-");
            assertThat(reply.get("model_id").getAsString()).isEqualTo(GPT);
            assertThat(h.notificationNames()).containsExactly("WorkshopAssistantStreamDelta",
                    "WorkshopAssistantStreamDelta", "WorkshopAssistantMessageComplete", "WorkbenchClutterChanged");
            assertThat(h.notificationsOf("WorkshopAssistantStreamDelta"))
                    .extracting(d -> d.get("token_delta").getAsString()).containsExactly("Two ", "files.");
            assertThat(h.notificationsOf("WorkshopAssistantStreamDelta"))
                    .allMatch(d -> d.get("message_id").getAsString().equals(a1));
            assertThat(h.notificationsOf("WorkshopAssistantMessageComplete").get(0).get("message_id").getAsString())
                    .isEqualTo(a1);
            List<JsonObject> events = egressEvents(h, wb);
            JsonObject last = events.get(events.size() - 1);
            assertThat(last.get("kind").getAsString()).isEqualTo("workshop_chat");
            assertThat(last.get("outcome").getAsString()).isEqualTo("ok");
            assertThat(conversation(h, wb)).extracting(m -> m.get("message_id").getAsString())
                    .containsExactly(u1, a1);
            assertThat(conversation(h, wb).get(1).get("text").getAsString()).isEqualTo("Two files.");
        }
    }

    @Test
    void ac3_4_a_persisted_grant_survives_a_restart() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            grant(h, wb, true);
            h.restart();
            JsonObject st = consentStatus(h, wb);
            assertThat(st.get("consented").getAsBoolean()).isTrue();
            assertThat(st.get("persisted").getAsBoolean()).isTrue();
            assertThat(st.get("consented_at").getAsString()).isNotBlank();
        }
    }

    @Test
    void ac3_4_a_session_grant_lasts_until_restart() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            grant(h, wb, false);
            JsonObject st = consentStatus(h, wb);
            assertThat(st.get("consented").getAsBoolean()).isTrue();
            assertThat(st.get("persisted").getAsBoolean()).isFalse();
            assertThat(workbenchDir(s.dataDir, wb).resolve("meta/egress_consent.json")).doesNotExist();
            h.restart();
            assertThat(consentStatus(h, wb).get("consented").getAsBoolean()).isFalse();
        }
    }

    @Test
    void ac3_5_adding_a_file_changes_the_scope_hash_and_asks_again() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            grant(h, wb, true);
            String before = scopeHash(h, wb);
            addFiles(h, wb, s.scopeChange);
            JsonObject st = consentStatus(h, wb);
            String after = st.get("scope_hash").getAsString();
            assertThat(after).isNotEqualTo(before);
            assertThat(st.get("consented").getAsBoolean()).isFalse();
            String u = send(h, wb, "Anything new?");
            assertConsentRequired(stream(h, wb, u), "openai", GPT, "api.openai.com", after);
            assertThat(chatRequests(h)).isZero();
        }
    }

    @Test
    void ac3_6_switching_provider_or_model_asks_again() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            grant(h, wb, true);
            String hash = scopeHash(h, wb);
            assertThat(h.call("WorkshopSetActiveModel", params("workbench_id", wb, "model_id", SONNET)).ok())
                    .isTrue();
            assertThat(consentStatus(h, wb).get("consented").getAsBoolean()).isFalse();
            String u = send(h, wb, "Hello");
            assertConsentRequired(stream(h, wb, u), "anthropic", SONNET, "api.anthropic.com", hash);
            grant(h, wb, false);
            assertThat(consentStatus(h, wb).get("consented").getAsBoolean()).isTrue();
            assertThat(h.call("WorkshopSetActiveModel", params("workbench_id", wb, "model_id", OPUS)).ok()).isTrue();
            assertThat(consentStatus(h, wb).get("consented").getAsBoolean()).isFalse();
            assertConsentRequired(stream(h, wb, u), "anthropic", OPUS, "api.anthropic.com", hash);
            assertThat(chatRequests(h)).isZero();
        }
    }

    @Test
    void ac3_7_grants_for_a_stale_scope_another_provider_or_an_inactive_model_are_refused() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            String stale = scopeHash(h, wb);
            addFiles(h, wb, s.scopeChange);
            String hash = scopeHash(h, wb);
            record Case(String provider, String model, String scope, String token) {
            }
            for (Case c : List.of(new Case("openai", GPT, stale, "scope_hash_mismatch"),
                    new Case("google", GPT, hash, "provider_mismatch"),
                    new Case("anthropic", SONNET, hash, "model_not_active"))) {
                var r = h.call("EgressGrantWorkshopConsent", params("workbench_id", wb, "provider_id", c.provider(),
                        "model_id", c.model(), "scope_hash", c.scope(), "persist", true));
                assertThat(r.errorCode()).as(c.toString()).isEqualTo("VALIDATION_FAILED");
                assertThat(r.detailToken()).as(c.toString()).isEqualTo(c.token());
                assertThat(r.errorInfo().get("subphase").getAsString()).isEqualTo("consent");
                assertThat(r.errorInfo().get("phase").getAsString()).isEqualTo("workshop");
            }
            assertThat(consentStatus(h, wb).get("consented").getAsBoolean()).isFalse();
            assertThat(egressEvents(h, wb)).isEmpty();
            assertThat(workbenchDir(s.dataDir, wb).resolve("meta/egress_consent.json")).doesNotExist();
        }
    }

    @Test
    void ac3_8_a_legacy_record_without_model_never_matches_and_one_grant_fixes_it() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        String wb;
        String hash;
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            wb = s.standardSetup(h);
            hash = scopeHash(h, wb);
        }
        Path consentFile = workbenchDir(s.dataDir, wb).resolve("meta/egress_consent.json");
        Files.writeString(consentFile, "{\"schema_version\":1,\"workshop\":{\"provider_id\":\"openai\","
                + "\"scope_hash\":\"" + hash + "\",\"consented_at\":\"2025-01-01T00:00:00.000Z\","
                + "\"persisted\":true}}");
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            assertThat(consentStatus(h, wb).get("consented").getAsBoolean()).isFalse();
            String u = send(h, wb, "Hello");
            assertConsentRequired(stream(h, wb, u), "openai", GPT, "api.openai.com", hash);
            grant(h, wb, true);
            assertThat(consentStatus(h, wb).get("consented").getAsBoolean()).isTrue();
            h.restart();
            JsonObject st = consentStatus(h, wb);
            assertThat(st.get("consented").getAsBoolean()).isTrue();
            assertThat(st.get("persisted").getAsBoolean()).isTrue();
            assertThat(Files.readString(consentFile)).contains("\"model_id\"").contains("\"endpoint_host\"");
        }
    }

    @Test
    void ac3_8_a_persisted_record_naming_an_alias_does_not_match_the_canonical_active_model() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        String wb;
        String hash;
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            wb = s.standardSetup(h);
            assertThat(h.call("WorkshopSetActiveModel", params("workbench_id", wb, "model_id", OPUS)).ok()).isTrue();
            hash = scopeHash(h, wb);
        }
        Files.writeString(workbenchDir(s.dataDir, wb).resolve("meta/egress_consent.json"),
                "{\"schema_version\":2,\"workshop\":{\"provider_id\":\"anthropic\","
                        + "\"model_id\":\"anthropic:claude-opus-4.5\",\"endpoint_host\":\"api.anthropic.com\","
                        + "\"scope_hash\":\"" + hash + "\",\"consented_at\":\"2025-01-01T00:00:00.000Z\","
                        + "\"persisted\":true}}");
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            JsonObject st = consentStatus(h, wb);
            assertThat(st.get("model_id").getAsString()).isEqualTo(OPUS);
            assertThat(st.get("consented").getAsBoolean()).isFalse();
            assertThat(st.get("persisted").getAsBoolean()).isFalse();
        }
    }

    @Test
    void ac3_9_revoking_clears_both_slots_for_good_and_is_idempotent() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            grant(h, wb, true);
            assertThat(consentStatus(h, wb).get("consented").getAsBoolean()).isTrue();
            var r = h.call("EgressRevokeWorkshopConsent", params("workbench_id", wb));
            assertThat(r.result().entrySet()).isEmpty();
            assertThat(consentStatus(h, wb).get("consented").getAsBoolean()).isFalse();
            String u = send(h, wb, "Hello");
            assertConsentRequired(stream(h, wb, u), "openai", GPT, "api.openai.com", scopeHash(h, wb));
            List<JsonObject> events = egressEvents(h, wb);
            JsonObject last = events.get(events.size() - 1);
            assertThat(last.get("kind").getAsString()).isEqualTo("consent_revoked");
            assertThat(last.get("model_id").getAsString()).isEqualTo(GPT);
            assertThat(h.call("EgressRevokeWorkshopConsent", params("workbench_id", wb)).result().entrySet())
                    .isEmpty();
            h.restart();
            assertThat(consentStatus(h, wb).get("consented").getAsBoolean()).isFalse();
            assertConsentRequired(stream(h, wb, u), "openai", GPT, "api.openai.com", scopeHash(h, wb));
            assertThat(chatRequests(h)).isZero();
        }
    }
}
