package dev.trestle.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The harness client against a real LSP4J endpoint over in-process pipes. */
class RpcClientTest {
    /** A test endpoint: the floor's request plus one that fails and one that notifies first. */
    public interface Served extends MinimalLspServer.Floor {
        @JsonRequest("Fail")
        CompletableFuture<Object> fail(Object params);
    }

    private RpcClient client;
    private Launcher<MinimalLspServer.Silent> server;
    private PipedOutputStream serverOut;

    @BeforeEach
    void connect() throws IOException {
        PipedInputStream serverIn = new PipedInputStream(1 << 16);
        PipedOutputStream clientOut = new PipedOutputStream(serverIn);
        PipedInputStream clientIn = new PipedInputStream(1 << 16);
        serverOut = new PipedOutputStream(clientIn);
        Served served = new Served() {
            @Override
            public CompletableFuture<Map<String, String>> engineGetInfo(Object params) {
                return CompletableFuture.completedFuture(Map.of("api_version", "1"));
            }

            @Override
            public CompletableFuture<Object> fail(Object params) {
                return CompletableFuture.failedFuture(new ResponseErrorException(
                        new ResponseError(-32000, "nope", Map.of("error_code", "VALIDATION_FAILED"))));
            }
        };
        server = new Launcher.Builder<MinimalLspServer.Silent>().setLocalService(served)
                .setRemoteInterface(MinimalLspServer.Silent.class).setInput(serverIn).setOutput(serverOut).create();
        server.startListening();
        client = new RpcClient(clientIn, clientOut);
    }

    @AfterEach
    void close() throws IOException {
        serverOut.close();
        client.close();
    }

    @Test
    void a_call_returns_the_result_of_its_own_response() throws Exception {
        JsonNode r = client.call("EngineGetInfo", Map.of(), 10_000);
        assertThat(r.path("api_version").asText()).isEqualTo("1");
    }

    @Test
    void concurrent_calls_are_matched_by_id() throws Exception {
        CompletableFuture<JsonNode> a = client.send("EngineGetInfo", Map.of());
        CompletableFuture<JsonNode> b = client.send("EngineGetInfo", null);
        assertThat(a.get(10, TimeUnit.SECONDS).path("api_version").asText()).isEqualTo("1");
        assertThat(b.get(10, TimeUnit.SECONDS).path("api_version").asText()).isEqualTo("1");
    }

    @Test
    void an_error_response_surfaces_code_and_data() {
        assertThatThrownBy(() -> client.call("Fail", Map.of(), 10_000))
                .isInstanceOfSatisfying(RpcClient.RpcError.class, e -> {
                    assertThat(e.code()).isEqualTo(-32000);
                    assertThat(e.data().path("error_code").asText()).isEqualTo("VALIDATION_FAILED");
                });
    }

    @Test
    void an_unknown_method_is_an_error_not_a_hang() {
        assertThatThrownBy(() -> client.call("NoSuchMethod", Map.of(), 10_000))
                .isInstanceOfSatisfying(RpcClient.RpcError.class, e -> assertThat(e.code()).isEqualTo(-32601));
    }
}
