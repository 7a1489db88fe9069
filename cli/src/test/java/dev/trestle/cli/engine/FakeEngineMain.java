package dev.trestle.cli.engine;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageConsumer;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageProducer;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * A stand-in engine for {@link EngineSessionTest}: speaks JSON-RPC over stdio like the real one. Its behaviour is
 * chosen by a {@code mode} file in the data dir: {@code normal}, {@code busy} (exit 3 at start), {@code old-api}.
 */
public final class FakeEngineMain {
    private FakeEngineMain() {
    }

    public static void main(String[] args) throws IOException {
        Path dataDir = Path.of(args[1]);
        Path modeFile = dataDir.resolve("mode");
        String mode = Files.exists(modeFile) ? Files.readString(modeFile).trim() : "normal";
        System.err.println("fake engine started in mode " + mode);
        if (mode.equals("busy")) {
            System.err.println("another engine holds the data dir");
            System.exit(3);
        }
        MessageJsonHandler json = new MessageJsonHandler(Map.of());
        StreamMessageConsumer writer = new StreamMessageConsumer(System.out, json);
        RemoteEndpoint[] remote = new RemoteEndpoint[1];
        Endpoint local = new Endpoint() {
            @Override
            public CompletableFuture<?> request(String method, Object params) {
                JsonObject p = params instanceof JsonObject o ? o : new JsonObject();
                switch (method) {
                    case "initialize":
                        return CompletableFuture.completedFuture(JsonParser.parseString(
                                "{\"capabilities\":{},\"serverInfo\":{\"name\":\"trestle\",\"version\":\"fake\"}}"));
                    case "EngineGetInfo":
                        return CompletableFuture.completedFuture(JsonParser.parseString("{\"engine_version\":\"fake\","
                                + "\"api_version\":\"" + (mode.equals("old-api") ? "0" : "1") + "\"}"));
                    case "WorkbenchCreate":
                        JsonObject changed = new JsonObject();
                        changed.add("workbench_id", p.get("name"));
                        remote[0].notify("WorkbenchFilesChanged", changed);
                        remote[0].notify("WorkbenchFilesChanged", changed);
                        return CompletableFuture.completedFuture(changed);
                    case "WorkbenchOpen":
                        throw new ResponseErrorException(new ResponseError(-32000, "Validation failed",
                                JsonParser.parseString("{\"error_code\":\"VALIDATION_FAILED\",\"phase\":\"workbench\","
                                        + "\"retryable\":false,\"actions\":[],\"detail\":\"unknown_workbench\"}")));
                    case "DraftPublish":
                        System.err.println("fake engine crashing on purpose");
                        System.exit(7);
                        return null;
                    case "shutdown":
                        return CompletableFuture.completedFuture(null);
                    default:
                        throw new ResponseErrorException(new ResponseError(ResponseErrorCode.MethodNotFound,
                                "Unsupported request method: " + method, null));
                }
            }

            @Override
            public void notify(String method, Object params) {
                if (method.equals("exit")) {
                    System.exit(0);
                }
            }
        };
        remote[0] = new RemoteEndpoint(writer, local);
        json.setMethodProvider(remote[0]);
        new StreamMessageProducer(System.in, json).listen(remote[0]);
    }
}
