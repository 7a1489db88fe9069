package dev.trestle.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.trestle.domain.model.EngineEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.junit.jupiter.api.Test;

/**
 * The wire client (the CLI's): calls through {@link TrestleProtocol} by each method's wire name, and hands back results,
 * errors and notifications as the JSON the engine sent, the same JSON the typed records serialize to.
 */
class WireClientTest {
    private static final String W = Fakes.WB;

    private static JsonObject params(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    /** Notifications in arrival order as {@code name params-json}. */
    private static final class Recorder implements Endpoint {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<?> request(String method, Object parameter) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException(method));
        }

        @Override
        public void notify(String method, Object parameter) {
            seen.add(method + " " + parameter);
        }
    }

    @Test
    void results_arrive_as_the_wire_json_of_the_typed_result() throws Exception {
        Object typed;
        try (Harness h = Harness.typed()) {
            typed = h.client().workbenchOpen(params("{\"workbench_id\":\"" + W + "\"}"))
                    .get(Harness.TIMEOUT_S, TimeUnit.SECONDS);
        }
        try (Harness h = Harness.wire(new Recorder())) {
            Object wire = h.client().workbenchOpen(params("{\"workbench_id\":\"" + W + "\"}"))
                    .get(Harness.TIMEOUT_S, TimeUnit.SECONDS);
            assertThat(wire).isInstanceOf(JsonObject.class);
            assertThat(wire).isEqualTo(WireJson.gson().toJsonTree(typed));
            assertThat(((JsonObject) wire).getAsJsonObject("workbench").toString()).contains(W);
        }
    }

    @Test
    void notifications_reach_the_endpoint_by_wire_name_before_the_response() throws Exception {
        Recorder recorder = new Recorder();
        try (Harness h = Harness.wire(recorder)) {
            h.fakes.add = (wb, paths, t) -> {
                h.fakes.events.emit(new EngineEvent.FilesChanged(wb, List.of("a.txt"), List.of(), List.of()));
                return List.of(dev.trestle.domain.model.AddResult.added("/x/a.txt", "a.txt"));
            };
            Object r = h.client().workbenchFilesAdd(params("{\"workbench_id\":\"" + W
                    + "\",\"source_paths\":[\"/x/a.txt\"]}")).get(Harness.TIMEOUT_S, TimeUnit.SECONDS);

            assertThat(r.toString()).contains("\"status\":\"added\"");
            assertThat(recorder.seen).hasSize(1);
            String only = recorder.seen.get(0);
            assertThat(only).startsWith("WorkbenchFilesChanged {");
            JsonElement payload = JsonParser.parseString(only.substring(only.indexOf(' ') + 1));
            assertThat(payload).isEqualTo(WireJson.gson().toJsonTree(
                    new Notifications.FilesChanged(W, List.of("a.txt"), List.of(), List.of())));
        }
    }

    @Test
    void errors_carry_their_error_info_as_json() throws Exception {
        try (Harness h = Harness.wire(new Recorder())) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> h.client().workbenchOpen(params("{\"workbench_id\":5}"))
                            .get(Harness.TIMEOUT_S, TimeUnit.SECONDS));
            assertThat(e.getCause()).isInstanceOf(ResponseErrorException.class);
            var error = ((ResponseErrorException) e.getCause()).getResponseError();
            assertThat(error.getCode()).isEqualTo(-32000);
            assertThat(error.getData()).isInstanceOf(JsonElement.class);
            assertThat(error.getData().toString()).contains("\"detail\":\"invalid_params: workbench_id\"");
        }
    }

    @Test
    void the_wire_name_is_the_annotation_value() throws Exception {
        assertThat(WireClient.wireName(TrestleProtocol.class.getMethod("engineGetInfo", JsonObject.class)))
                .isEqualTo("EngineGetInfo");
        assertThat(WireClient.wireName(TrestleProtocol.class.getMethod("initialized", JsonObject.class)))
                .isEqualTo("initialized");
    }
}
