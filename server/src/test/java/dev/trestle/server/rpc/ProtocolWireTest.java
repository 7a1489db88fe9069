package dev.trestle.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Frame-level behaviour: lifecycle, result shapes, protocol errors, robustness. */
class ProtocolWireTest {
    private Harness h;

    @BeforeEach
    void start() throws Exception {
        h = Harness.raw();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void initialize_answers_empty_capabilities_and_server_info() throws Exception {
        h.request(1, "initialize", "{\"processId\":null,\"capabilities\":{}}");
        JsonObject r = h.response(1);
        assertThat(r.get("result")).isEqualTo(
                json("{\"capabilities\":{},\"serverInfo\":{\"name\":\"trestle\",\"version\":\"9.9.9-test\"}}"));
    }

    @Test
    void shutdown_answers_null_then_refuses_requests_and_exit_ends_the_engine() throws Exception {
        h.send("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
        h.request(1, "shutdown", null);
        JsonObject r = h.response(1);
        assertThat(r.has("result")).isTrue();
        assertThat(r.get("result").isJsonNull()).isTrue();
        assertThat(h.server.shutdownRequested()).isTrue();

        h.request(2, "EngineGetInfo", "{}");
        assertThat(h.response(2).getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32600);

        h.send("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
        assertThat(h.exited.await(Harness.TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void engine_get_info_reports_version_and_api_version_1() throws Exception {
        h.request("a", "EngineGetInfo", "{}");
        assertThat(h.response("a").get("result"))
                .isEqualTo(json("{\"engine_version\":\"9.9.9-test\",\"api_version\":\"1\"}"));
    }

    @Test
    void results_are_snake_case_with_millisecond_utc_times_and_no_null_fields() throws Exception {
        h.request(1, "WorkbenchOpen", "{\"workbench_id\":\"" + Fakes.WB + "\",\"extra\":[1,2]}");
        assertThat(h.response(1).get("result")).isEqualTo(json("{\"workbench\":{\"id\":\"" + Fakes.WB
                + "\",\"name\":\"Taxes\",\"created_at\":\"2026-11-25T20:03:00.123Z\","
                + "\"updated_at\":\"2026-11-25T20:03:00.124Z\",\"default_model_id\":\"openai:gpt-5.2\","
                + "\"has_draft\":false}}"));

        h.request(2, "DraftGetState", "{\"workbench_id\":\"" + Fakes.WB + "\"}");
        assertThat(h.response(2).get("result")).isEqualTo(json("{\"has_draft\":false}"));

        h.request(3, "DraftDiscard", "{\"workbench_id\":\"" + Fakes.WB + "\"}");
        assertThat(h.response(3).get("result")).isEqualTo(json("{}"));

        h.fakes.applyProposal = (wb, id, t) -> null;
        h.request(4, "WorkshopApplyProposal", "{\"workbench_id\":\"" + Fakes.WB + "\",\"proposal_id\":\"q\"}");
        assertThat(h.response(4).get("result")).isEqualTo(json("{\"no_changes\":true}"));

        h.request(5, "EgressGetConsentStatus", "{\"workbench_id\":\"" + Fakes.WB + "\"}");
        assertThat(h.response(5).get("result")).isEqualTo(json("{\"consented\":false,\"provider_id\":\"openai\","
                + "\"model_id\":\"openai:gpt-5.2\",\"endpoint_host\":\"api.openai.com\",\"scope_hash\":\"ab12\","
                + "\"persisted\":false}"));
    }

    @Test
    void shared_types_map_every_field() throws Exception {
        h.request(1, "WorkbenchFilesList", "{\"workbench_id\":\"" + Fakes.WB + "\"}");
        assertThat(h.response(1).get("result")).isEqualTo(json("{\"files\":[{\"path\":\"notes.txt\",\"size\":612,"
                + "\"sha256\":\"ff00\",\"modified_at\":\"2026-11-25T20:03:00.123Z\","
                + "\"added_at\":\"2026-11-25T20:03:00.123Z\",\"file_kind\":\"text\",\"mime_type\":\"text/plain\","
                + "\"is_opaque\":false}]}"));

        h.request(2, "CheckpointsList", "{\"workbench_id\":\"" + Fakes.WB + "\"}");
        assertThat(h.response(2).get("result")).isEqualTo(json("{\"checkpoints\":[{\"checkpoint_id\":"
                + "\"01JD00000000000000000000C1\",\"created_at\":\"2026-11-25T20:03:00.123Z\",\"reason\":\"manual\","
                + "\"description\":\"Before analysis changes\",\"stats\":{\"files\":2,\"total_bytes\":853},"
                + "\"restorable\":true}],\"store\":{\"objects\":2,\"bytes\":853}}"));

        h.request(3, "WorkbenchGetClutter", "{\"workbench_id\":\"" + Fakes.WB + "\"}");
        assertThat(h.response(3).get("result")).isEqualTo(json("{\"score\":0.25,\"level\":\"Light\","
                + "\"model_id\":\"openai:gpt-5.2\",\"usage_tokens_estimate\":50000,"
                + "\"context_tokens_estimate\":200000,\"reserved_output_tokens\":8192,\"usable_context_tokens\":191808,"
                + "\"source\":\"exact\",\"error_band_percent\":2.0,\"breakdown\":["
                + "{\"kind\":\"system\",\"tokens\":1000},{\"kind\":\"file\",\"path\":\"a.txt\",\"tokens\":45000},"
                + "{\"kind\":\"conversation\",\"tokens\":4000}]}"));

        h.request(4, "WorkshopGetConversation", "{\"workbench_id\":\"" + Fakes.WB + "\"}");
        JsonObject conv = h.response(4).getAsJsonObject("result");
        assertThat(conv.getAsJsonArray("messages").get(0)).isEqualTo(json("{\"type\":\"user_message\","
                + "\"message_id\":\"u-1\",\"role\":\"user\",\"text\":\"Summarize the files.\","
                + "\"created_at\":\"2026-11-25T20:03:00.123Z\"}"));
        JsonObject event = conv.getAsJsonArray("messages").get(1).getAsJsonObject();
        assertThat(event.get("event_kind").getAsString()).isEqualTo("model_switched");
        assertThat(event.getAsJsonObject("metadata").get("to_model_id").getAsString()).isEqualTo("b");

        h.request(5, "WorkbenchGetScope", "{\"workbench_id\":\"" + Fakes.WB + "\"}");
        JsonObject scope = h.response(5).getAsJsonObject("result");
        assertThat(scope.get("limits")).isEqualTo(json("{\"max_files\":1000,\"max_file_bytes\":26214400}"));
        assertThat(scope.getAsJsonObject("supported_types").get("readable_kinds").toString())
                .isEqualTo("[\"text\"]");
        assertThat(scope.getAsJsonObject("supported_types").getAsJsonArray("text_extensions").get(0).getAsString())
                .isEqualTo(".txt");

        h.request(6, "WorkshopGetProposal", "{\"workbench_id\":\"" + Fakes.WB + "\",\"proposal_id\":\"q1\"}");
        JsonObject proposal = h.response(6).getAsJsonObject("result").getAsJsonObject("proposal");
        assertThat(proposal.get("schema_version").getAsInt()).isEqualTo(1);
        assertThat(proposal.get("base_scope_hash").getAsString()).isEqualTo("ab12");
        assertThat(proposal.getAsJsonArray("writes").get(0)).isEqualTo(
                json("{\"path\":\"summary.md\",\"content\":\"# Summary <b>\"}"));
        assertThat(proposal.getAsJsonArray("warnings")).isEmpty();
    }

    @Test
    void html_sensitive_text_is_not_escaped_on_the_wire() throws Exception {
        h.request(1, "WorkshopGetProposal", "{\"workbench_id\":\"" + Fakes.WB + "\",\"proposal_id\":\"q1\"}");
        assertThat(h.response(1).toString()).contains("# Summary <b>");
    }

    @Test
    void unknown_method_is_method_not_found() throws Exception {
        h.request(7, "WorkbenchExplode", "{}");
        assertThat(h.response(7).getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32601);
    }

    @Test
    void malformed_json_is_a_parse_error_and_the_engine_keeps_serving() throws Exception {
        h.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"EngineGetInfo\",\"params\":{");
        JsonObject broken = h.next();
        assertThat(broken.getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32700);

        h.send("this is not json");
        JsonObject garbage = h.next();
        assertThat(garbage.getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32700);
        assertThat(garbage.get("id").isJsonNull()).isTrue();

        h.send("[1,2,3]");
        JsonObject batch = h.next();
        assertThat(batch.getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32600);
        assertThat(batch.get("id").isJsonNull()).isTrue();

        h.request(4, "EngineGetInfo", "{}");
        assertThat(h.response(4).getAsJsonObject("result").get("api_version").getAsString()).isEqualTo("1");
    }

    @Test
    void a_frame_over_16_mib_is_refused_unread_and_the_engine_keeps_serving() throws Exception {
        byte[] body = new byte[TrestleLauncher.MAX_FRAME_BYTES + 1];
        Arrays.fill(body, (byte) ' ');
        byte[] prefix = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"EngineGetInfo\"}".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        h.sendBytes(body);
        JsonObject refused = h.next();
        assertThat(refused.getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32600);
        assertThat(refused.get("id").isJsonNull()).isTrue();
        assertThat(h.fakes.log.events()).contains("rpc_frame_too_large");

        h.request(10, "EngineGetInfo", "{}");
        assertThat(h.response(10).has("result")).isTrue();
    }

    @Test
    void a_frame_of_exactly_16_mib_is_accepted() throws Exception {
        byte[] body = new byte[TrestleLauncher.MAX_FRAME_BYTES];
        Arrays.fill(body, (byte) ' ');
        byte[] prefix = "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"EngineGetInfo\",\"params\":{}}"
                .getBytes(StandardCharsets.UTF_8);
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        h.sendBytes(body);
        assertThat(h.response(11).has("result")).isTrue();
    }

    @Test
    void params_that_are_not_one_object_are_invalid_params_answered_with_the_request_id() throws Exception {
        String[] bad = {"[{\"a\":1},{\"b\":2}]", "[{},1]", "[]", "[{\"workbench_id\":\"x\"}]", "\"x\"", "5",
            "true"};
        for (int i = 0; i < bad.length; i++) {
            h.request(100 + i, "WorkbenchOpen", bad[i]);
            JsonObject r = h.response(100 + i);
            assertThat(r.get("id").getAsInt()).as(bad[i]).isEqualTo(100 + i);
            JsonObject error = r.getAsJsonObject("error");
            assertThat(error.get("code").getAsInt()).as(bad[i]).isEqualTo(-32000);
            assertThat(error.get("message").getAsString()).isEqualTo(
                    "VALIDATION_FAILED: invalid_params: params must be one JSON object");
            assertThat(error.getAsJsonObject("data").get("error_code").getAsString()).isEqualTo("VALIDATION_FAILED");
            assertThat(r.toString()).doesNotContain("Exception").doesNotContain("java.");
        }
        h.request("s", "WorkbenchOpen", "[1]");
        assertThat(h.response("s").get("id").getAsString()).isEqualTo("s");
        assertThat(h.fakes.calls).noneMatch(c -> c.startsWith("workbenches.open"));
    }

    @Test
    void unreadable_requests_with_a_readable_id_are_answered_with_that_id() throws Exception {
        h.send("{\"jsonrpc\":\"2.0\",\"id\":7}");
        JsonObject noMethod = h.response(7);
        assertThat(noMethod.getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32600);

        h.request(8, "NoSuchMethod", "[1,2]");
        assertThat(h.response(8).getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32601);

        h.send("{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"EngineGetInfo\"}");
        JsonObject unreadableId = h.next();
        assertThat(unreadableId.get("id").isJsonNull()).isTrue();
        assertThat(unreadableId.getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32600);

        h.send("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"EngineGetInfo\",\"params\":{}}");
        assertThat(h.next().get("id").getAsDouble()).isEqualTo(1.5);
    }
}
