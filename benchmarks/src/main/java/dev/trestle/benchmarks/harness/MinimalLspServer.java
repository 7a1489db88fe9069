package dev.trestle.benchmarks.harness;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;

/**
 * The cold-start floor: the least an LSP4J stdio server can be. It answers {@code EngineGetInfo} with a constant and
 * exits when stdin closes. Same JVM, same LSP4J and Gson, same framing as the engine, none of its wiring, storage or
 * reconciliation.
 */
public final class MinimalLspServer {
    private MinimalLspServer() {
    }

    /** The one request it serves. */
    public interface Floor {
        @JsonRequest("EngineGetInfo")
        CompletableFuture<Map<String, String>> engineGetInfo(Object params);
    }

    /** It sends nothing to the client. */
    public interface Silent {
    }

    public static void main(String[] args) throws InterruptedException, ExecutionException {
        Floor floor = params -> CompletableFuture.completedFuture(Map.of("engine_version", "floor",
                "api_version", "1"));
        Launcher<Silent> launcher = new Launcher.Builder<Silent>()
                .setLocalService(floor)
                .setRemoteInterface(Silent.class)
                .setInput(System.in)
                .setOutput(System.out)
                .create();
        launcher.startListening().get();
        // like the engine: stdin closed ends the process (LSP4J's pool threads are not daemons)
        System.exit(0);
    }
}
