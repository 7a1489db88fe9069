package dev.trestle.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.trestle.adapters.support.ErrorInfoForm;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ErrorAction;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TrestleException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Param binding ({@code invalid_params}, {@code unknown_provider}) and the shape of every -32000 error. */
class ParamBindingAndErrorsTest {
    private static final String W = "\"workbench_id\":\"" + Fakes.WB + "\"";
    private Harness h;
    private int id;

    @BeforeEach
    void start() throws Exception {
        h = Harness.raw();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    private JsonObject error(String method, String params) throws Exception {
        int n = ++id;
        h.request(n, method, params);
        JsonObject response = h.response(n);
        assertThat(response.has("error")).as("%s %s answered %s", method, params, response).isTrue();
        JsonObject error = response.getAsJsonObject("error");
        assertThat(error.get("code").getAsInt()).isEqualTo(-32000);
        return error.getAsJsonObject("data");
    }

    @Test
    void workbench_open_without_or_with_a_numeric_id_is_invalid_params() throws Exception {
        for (String params : List.of("{}", "{\"workbench_id\":5}", "{\"workbench_id\":null}")) {
            JsonObject data = error("WorkbenchOpen", params);
            assertThat(data.get("error_code").getAsString()).isEqualTo("VALIDATION_FAILED");
            assertThat(data.get("detail").getAsString()).isEqualTo("invalid_params: workbench_id");
            assertThat(data.get("phase").getAsString()).isEqualTo("workbench");
            assertThat(data.get("retryable").getAsBoolean()).isFalse();
            assertThat(data.getAsJsonArray("actions")).isEmpty();
        }
        assertThat(h.fakes.calls).noneMatch(c -> c.startsWith("workbenches.open"));
    }

    @Test
    void absent_params_read_as_an_empty_object() throws Exception {
        assertThat(error("WorkbenchOpen", null).get("detail").getAsString()).isEqualTo("invalid_params: workbench_id");
        h.request(99, "WorkbenchList", null);
        assertThat(h.response(99).getAsJsonObject("result").getAsJsonArray("workbenches")).hasSize(1);
    }

    @Test
    void mistyped_fields_of_several_methods_are_invalid_params_with_the_method_phase() throws Exception {
        record Case(String method, String params, String field, String phase, String subphase) {
        }
        List<Case> cases = List.of(
                new Case("ProvidersSetEnabled", "{\"provider_id\":\"openai\",\"enabled\":\"yes\"}", "enabled",
                        "settings", null),
                new Case("UserSetDefaultModel", "{\"model_id\":[\"x\"]}", "model_id", "settings", null),
                new Case("WorkbenchFilesAdd", "{" + W + ",\"source_paths\":\"/tmp/a.txt\"}", "source_paths",
                        "workbench", "add_files"),
                new Case("WorkbenchFilesAdd", "{" + W + ",\"source_paths\":[\"/a\",7]}", "source_paths",
                        "workbench", "add_files"),
                new Case("WorkbenchFilesRemove", "{" + W + "}", "workbench_paths", "workbench", "remove_files"),
                new Case("EgressGrantWorkshopConsent", "{" + W + ",\"provider_id\":\"openai\",\"model_id\":\"m\","
                        + "\"scope_hash\":\"h\"}", "persist", "workshop", "consent"),
                new Case("EgressListEvents", "{" + W + ",\"limit\":-1}", "limit", "workshop", null),
                new Case("EgressListEvents", "{" + W + ",\"limit\":1.5}", "limit", "workshop", null),
                new Case("EgressListEvents", "{" + W + ",\"limit\":\"3\"}", "limit", "workshop", null),
                new Case("WorkshopStreamAssistantReply", "{" + W + "}", "message_id", "workshop", "stream"),
                new Case("DraftPublish", "{\"workbench_id\":true}", "workbench_id", "publish", null),
                new Case("ReviewGetChangeSet", "{}", "workbench_id", "review", null),
                new Case("DraftRevertFile", "{" + W + "}", "path", "review", null),
                new Case("DraftRevertFile", "{" + W + ",\"path\":3}", "path", "review", null),
                new Case("CheckpointsCreate", "{" + W + ",\"description\":5}", "description", "workbench", null),
                new Case("CheckpointRestore", "{" + W + "}", "checkpoint_id", "restore", null),
                new Case("CheckpointsRestore", "{" + W + ",\"checkpoint_id\":{}}", "checkpoint_id", "restore", null));
        for (Case c : cases) {
            JsonObject data = error(c.method(), c.params());
            assertThat(data.get("detail").getAsString()).as(c.method()).isEqualTo("invalid_params: " + c.field());
            assertThat(data.get("phase").getAsString()).as(c.method()).isEqualTo(c.phase());
            if (c.subphase() == null) {
                assertThat(data.has("subphase")).as(c.method()).isFalse();
            } else {
                assertThat(data.get("subphase").getAsString()).as(c.method()).isEqualTo(c.subphase());
            }
        }
        assertThat(h.fakes.calls).isEmpty();
    }

    @Test
    void a_workbench_id_that_cannot_be_one_is_refused_at_the_edge_after_every_missing_field() throws Exception {
        JsonObject open = error("WorkbenchOpen", "{\"workbench_id\":\"../etc\"}");
        assertThat(open).isEqualTo(JsonParser.parseString("{\"error_code\":\"VALIDATION_FAILED\","
                + "\"phase\":\"workbench\",\"retryable\":false,\"actions\":[],"
                + "\"detail\":\"unknown_workbench: no such workbench\"}"));
        // a missing field is named first, as when the service checked the id
        assertThat(error("WorkbenchFilesAdd", "{\"workbench_id\":\"nope\"}").get("detail").getAsString())
                .isEqualTo("invalid_params: source_paths");
        JsonObject add = error("WorkbenchFilesAdd", "{\"workbench_id\":\"nope\",\"source_paths\":[]}");
        assertThat(add.get("detail").getAsString()).isEqualTo("unknown_workbench: no such workbench");
        assertThat(add.get("subphase").getAsString()).isEqualTo("add_files");
        assertThat(error("WorkshopSendUserMessage", "{\"workbench_id\":7}").get("detail").getAsString())
                .isEqualTo("invalid_params: workbench_id");
        assertThat(h.fakes.calls).isEmpty();
    }

    @Test
    void ids_checked_after_the_workbench_state_reach_the_use_case_even_when_malformed() throws Exception {
        // the spec checks these after "no Draft" / "no run" (stream step 3, restore step 1): the service answers them
        h.request(70, "WorkshopStreamAssistantReply", "{" + W + ",\"message_id\":\"nope\"}");
        h.response(70);
        h.request(71, "CheckpointsRestore", "{" + W + ",\"checkpoint_id\":\"nope\"}");
        assertThat(h.response(71).has("result")).isTrue();
        assertThat(h.fakes.calls).contains("workshop.stream <malformed>");
    }

    @Test
    void an_unknown_provider_id_is_unknown_provider() throws Exception {
        JsonObject data = error("ProvidersValidate", "{\"provider_id\":\"azure\"}");
        assertThat(data.get("detail").getAsString()).startsWith("unknown_provider");
        assertThat(data.get("phase").getAsString()).isEqualTo("settings");
        assertThat(data.get("subphase").getAsString()).isEqualTo("validate_key");
        assertThat(error("ProvidersClearApiKey", "{\"provider_id\":\"OpenAI\"}").get("detail").getAsString())
                .startsWith("unknown_provider");
    }

    @Test
    void api_keys_are_trimmed_and_bad_keys_are_refused_without_echoing_them() throws Exception {
        for (String bad : List.of("\"   \"", "\"sk test-secret-1\"", "\"sk\\u00e9secret\"", "42")) {
            JsonObject data = error("ProvidersSetApiKey", "{\"provider_id\":\"openai\",\"api_key\":" + bad + "}");
            assertThat(data.get("detail").getAsString()).isEqualTo("invalid_params: api_key");
            assertThat(data.toString()).doesNotContain("secret");
        }
        assertThat(h.fakes.lastApiKey).isNull();

        h.request(50, "ProvidersSetApiKey", "{\"provider_id\":\"openai\",\"api_key\":\"  sk-test-1234 \"}");
        assertThat(h.response(50).get("result").toString()).isEqualTo("{\"configured\":true}");
        assertThat(h.fakes.lastApiKey).isEqualTo("sk-test-1234");
        assertThat(h.fakes.log.mentions("sk-test-1234")).isFalse();
    }

    @Test
    void domain_errors_are_rephased_for_the_method_and_keep_every_field() throws Exception {
        ErrorInfo info = ErrorInfo.of(ErrorCode.EGRESS_CONSENT_REQUIRED, Phase.SETTINGS)
                .withProvider("openai").withModel("openai:gpt-5.2").withWorkbench(Fakes.WB)
                .withEndpointHost("api.openai.com").withScopeHash("ab12").withRetryAfterSeconds(120L)
                .withDetail("consent missing");
        h.fakes.stream = (wb, msg, t) -> {
            throw new TrestleException(info);
        };
        JsonObject data = error("WorkshopStreamAssistantReply", "{" + W + ",\"message_id\":\"u-1\"}");
        assertThat(data).isEqualTo(JsonParser.parseString("{\"error_code\":\"EGRESS_CONSENT_REQUIRED\","
                + "\"phase\":\"workshop\",\"retryable\":true,\"actions\":[\"retry\"],\"subphase\":\"stream\","
                + "\"provider_id\":\"openai\",\"model_id\":\"openai:gpt-5.2\",\"workbench_id\":\"" + Fakes.WB + "\","
                + "\"endpoint_host\":\"api.openai.com\",\"scope_hash\":\"ab12\",\"retry_after_seconds\":120,"
                + "\"detail\":\"consent missing\"}"));
    }

    @Test
    void a_subphase_set_by_the_domain_is_kept() throws Exception {
        h.fakes.add = (wb, p, t) -> {
            throw new TrestleException(ErrorInfo.of(ErrorCode.DISK_FULL, Phase.WORKBENCH).withSubphase("custom"));
        };
        JsonObject data = error("WorkbenchFilesAdd", "{" + W + ",\"source_paths\":[]}");
        assertThat(data.get("subphase").getAsString()).isEqualTo("custom");
        assertThat(data.getAsJsonArray("actions").toString()).isEqualTo("[\"free_disk_space\",\"retry\"]");
    }

    @Test
    void error_data_has_the_same_json_form_as_stored_error_infos() {
        ErrorInfo info = new ErrorInfo(ErrorCode.PROVIDER_RATE_LIMITED, Phase.WORKSHOP, true,
                List.of(ErrorAction.RETRY, ErrorAction.SWITCH_MODEL), "stream", "openai", "openai:gpt-5.2", "w",
                "api.openai.com", "h", 3L, "d", "meta/x.json");
        JsonObject wire = WireJson.gson().toJsonTree(WireMapper.error(info)).getAsJsonObject();
        assertThat(wire).isEqualTo(JsonParser.parseString(Json.line(ErrorInfoForm.tree(info))));
    }

    @Test
    void an_unexpected_exception_is_a_structured_internal_error_without_its_message_or_stack() throws Exception {
        h.fakes.open = (wb, a, t) -> {
            throw new IllegalStateException("boom sk-secret-value");
        };
        int n = ++id;
        h.request(n, "WorkbenchOpen", "{" + W + "}");
        JsonObject error = h.response(n).getAsJsonObject("error");
        assertThat(error.get("code").getAsInt()).isEqualTo(-32000);
        JsonObject data = error.getAsJsonObject("data");
        assertThat(data.get("error_code").getAsString()).isEqualTo(ErrorMapper.INTERNAL_ERROR);
        assertThat(data.get("phase").getAsString()).isEqualTo("workbench");
        assertThat(data.get("retryable").getAsBoolean()).isFalse();
        assertThat(error.toString()).doesNotContain("sk-secret-value").doesNotContain("IllegalStateException")
                .doesNotContain("at dev.");
        assertThat(h.fakes.log.events()).contains("rpc_internal_error");
        assertThat(h.fakes.log.mentions("IllegalStateException")).isTrue();
        assertThat(h.fakes.log.mentions("sk-secret-value")).isFalse();

        h.request(n + 1, "EngineGetInfo", "{}");
        assertThat(h.response(n + 1).has("result")).isTrue();
    }

    @Test
    void provider_validation_answers_validated_at() throws Exception {
        // that a started validation ignores $/cancelRequest is the domain's rule (ProvidersServiceTest)
        h.request(1, "ProvidersValidate", "{\"provider_id\":\"openai\"}");
        assertThat(h.response(1).get("result").toString())
                .isEqualTo("{\"ok\":true,\"validated_at\":\"2026-11-25T20:03:00.123Z\"}");
    }

    @Test
    void consent_grant_binds_every_field_and_egress_events_default_to_all() throws Exception {
        h.request(1, "EgressGrantWorkshopConsent", "{" + W + ",\"provider_id\":\"openai\","
                + "\"model_id\":\"openai:gpt-5.2\",\"scope_hash\":\"ab12\",\"persist\":true}");
        assertThat(h.response(1).get("result").toString()).isEqualTo("{}");
        h.request(2, "EgressListEvents", "{" + W + "}");
        JsonObject ev = h.response(2).getAsJsonObject("result").getAsJsonArray("events").get(0).getAsJsonObject();
        assertThat(ev.toString()).isEqualTo("{\"timestamp\":\"2026-11-25T20:03:00.123Z\",\"kind\":\"consent_granted\","
                + "\"provider_id\":\"openai\",\"model_id\":\"openai:gpt-5.2\",\"endpoint_host\":\"api.openai.com\","
                + "\"scope_hash\":\"ab12\"}");
        h.request(3, "EgressListEvents", "{" + W + ",\"limit\":2}");
        h.response(3);
        assertThat(h.fakes.calls).containsExactly("egress.grant openai openai:gpt-5.2 ab12 true",
                "egress.events " + Integer.MAX_VALUE, "egress.events 2");
    }
}
