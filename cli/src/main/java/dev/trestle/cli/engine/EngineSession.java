package dev.trestle.cli.engine;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import dev.trestle.cli.base.CliException;
import dev.trestle.cli.base.ExitCodes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.json.ConcurrentMessageProcessor;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageConsumer;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageProducer;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * A running engine child process driven over its stdio with LSP4J's generic JSON-RPC endpoint: requests and
 * notifications are addressed by the method names of {@code rpc.md}, params and results are Gson trees, so the CLI
 * depends on the protocol, not on server classes.
 */
public final class EngineSession implements ConnectedEngine {
    /** The protocol version this CLI speaks ({@code EngineGetInfo.api_version}). */
    public static final String API_VERSION = "1";
    /** The engine's exit code when another engine holds the data dir ({@code storage.md} §1). */
    public static final int ENGINE_LOCKED_EXIT = 3;

    private static final long SHUTDOWN_WAIT_MS = 10_000;
    private static final Gson GSON = new Gson();

    private final Process process;
    private final StderrTail stderr;
    private final RemoteEndpoint remote;
    private final ExecutorService executor;
    private final OutputStream toEngine;
    private volatile NotificationListener listener = NotificationListener.NONE;
    private JsonObject engineInfo = new JsonObject();
    private boolean closed;

    private EngineSession(Process process, StderrTail stderr, ExecutorService executor) {
        this.process = process;
        this.stderr = stderr;
        this.executor = executor;
        this.toEngine = process.getOutputStream();
        MessageJsonHandler json = new MessageJsonHandler(new AnyMethod());
        StreamMessageConsumer writer = new StreamMessageConsumer(toEngine, json);
        this.remote = new RemoteEndpoint(writer, new LocalEndpoint());
        json.setMethodProvider(remote);
        StreamMessageProducer reader = new StreamMessageProducer(process.getInputStream(), json) {
            @Override
            protected void fireStreamClosed(Exception cause) {
                // the engine ended or was stopped: reported through its exit code, not as a log line
            }
        };
        new ConcurrentMessageProcessor(reader, remote).beginProcessing(executor);
    }

    /**
     * Starts the engine, runs the LSP handshake ({@code initialize}, {@code initialized}) and checks
     * {@code EngineGetInfo.api_version}.
     *
     * @param verboseErr where to forward the engine's stderr live, or null to keep it for failure messages
     */
    public static EngineSession start(LaunchSpec spec, PrintWriter verboseErr) throws CliException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(spec.command(java));
        pb.redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new CliException(ExitCodes.ENGINE_UNAVAILABLE,
                    "cannot start the engine (" + spec.origin() + "): " + e.getClass().getSimpleName(), e);
        }
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "trestle-engine-io");
            t.setDaemon(true);
            return t;
        });
        StderrTail tail = new StderrTail(process.getErrorStream(), verboseErr);
        executor.execute(tail);
        EngineSession session = new EngineSession(process, tail, executor);
        try {
            session.handshake();
        } catch (CliException e) {
            session.kill();
            throw e.withEngineLog(tail.text());
        } catch (RuntimeException e) {
            session.kill();
            throw e;
        }
        return session;
    }

    private void handshake() throws CliException {
        JsonObject init = new JsonObject();
        init.addProperty("processId", ProcessHandle.current().pid());
        init.add("capabilities", new JsonObject());
        JsonObject client = new JsonObject();
        client.addProperty("name", "trestle-cli");
        init.add("clientInfo", client);
        try {
            call("initialize", init);
            remote.notify("initialized", new JsonObject());
            engineInfo = call("EngineGetInfo", new JsonObject());
        } catch (EngineCallException e) {
            throw new CliException(ExitCodes.ENGINE_UNAVAILABLE,
                    "the engine refused the handshake (" + e.method() + ": " + e.getMessage() + ")");
        }
        String version = engineInfo.has("api_version") ? engineInfo.get("api_version").getAsString() : "(none)";
        if (!API_VERSION.equals(version)) {
            throw new CliException(ExitCodes.ENGINE_UNAVAILABLE, "the engine speaks api_version " + version
                    + ", this CLI speaks " + API_VERSION + "; use a CLI and engine from the same release");
        }
    }

    @Override
    public JsonObject engineInfo() {
        return engineInfo.deepCopy();
    }

    @Override
    public void onNotification(NotificationListener newListener) {
        this.listener = newListener == null ? NotificationListener.NONE : newListener;
    }

    @Override
    public JsonObject call(String method, JsonObject params) throws EngineCallException, CliException {
        CompletableFuture<Object> answer = remote.request(method, params == null ? new JsonObject() : params);
        try {
            CompletableFuture.anyOf(answer, process.onExit()).get();
            if (!answer.isDone()) {
                throw engineGone();
            }
            return asObject(answer.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERNAL, "interrupted while waiting for " + method);
        } catch (CancellationException e) {
            throw new CliException(ExitCodes.INTERNAL, method + " was cancelled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ResponseErrorException rex) {
                throw toCallException(method, rex.getResponseError());
            }
            if (!process.isAlive()) {
                throw engineGone();
            }
            throw new CliException(ExitCodes.INTERNAL,
                    "connection to the engine failed during " + method + ": " + cause.getClass().getSimpleName());
        }
    }

    @Override
    public String stderrText() {
        return stderr.text();
    }

    private CliException engineGone() {
        int code;
        try {
            code = process.waitFor();
            stderr.awaitEnd(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CliException(ExitCodes.INTERNAL, "interrupted");
        }
        if (code == ENGINE_LOCKED_EXIT) {
            return new CliException(ExitCodes.ENGINE_BUSY,
                    "Trestle is running in another window (another engine holds this data dir)");
        }
        return new CliException(ExitCodes.ENGINE_UNAVAILABLE, "the engine exited unexpectedly with code " + code);
    }

    static EngineCallException toCallException(String method, ResponseError error) {
        return new EngineCallException(method, error.getCode(), error.getMessage(), asErrorInfo(error.getData()));
    }

    static JsonObject asErrorInfo(Object data) {
        if (data == null) {
            return null;
        }
        JsonElement tree;
        if (data instanceof JsonElement element) {
            tree = element;
        } else if (data instanceof String text) {
            try {
                tree = JsonParser.parseString(text);
            } catch (JsonSyntaxException e) {
                return null;
            }
        } else {
            tree = GSON.toJsonTree(data);
        }
        return tree != null && tree.isJsonObject() ? tree.getAsJsonObject() : null;
    }

    static JsonObject asObject(Object result) {
        if (result instanceof JsonObject object) {
            return object;
        }
        if (result instanceof JsonElement element) {
            return element.isJsonObject() ? element.getAsJsonObject() : new JsonObject();
        }
        if (result == null) {
            return new JsonObject();
        }
        JsonElement tree = GSON.toJsonTree(result);
        return tree.isJsonObject() ? tree.getAsJsonObject() : new JsonObject();
    }

    /** Sends {@code shutdown} and {@code exit}, closes the pipe and waits (bounded) for the engine to end. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (process.isAlive()) {
                try {
                    CompletableFuture<Object> done = remote.request("shutdown", null);
                    CompletableFuture.anyOf(done, process.onExit()).get(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS);
                    remote.notify("exit", null);
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    // fall through to closing the pipe; the engine exits when its stdin ends
                }
                try {
                    toEngine.close();
                } catch (IOException e) {
                    // already gone
                }
                if (!process.waitFor(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    kill();
                }
            }
            stderr.awaitEnd(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        } finally {
            executor.shutdownNow();
        }
    }

    /** The engine's exit code once it ended (after {@link #close()}). */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    private void kill() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            stderr.awaitEnd(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        executor.shutdownNow();
    }

    /** Receives what the engine sends us: notifications go to the listener; the engine never asks us anything. */
    private final class LocalEndpoint implements Endpoint {
        @Override
        public CompletableFuture<?> request(String method, Object parameter) {
            CompletableFuture<Object> refused = new CompletableFuture<>();
            refused.completeExceptionally(new ResponseErrorException(new ResponseError(
                    ResponseErrorCode.MethodNotFound, "the trestle CLI serves no requests: " + method, null)));
            return refused;
        }

        @Override
        public void notify(String method, Object parameter) {
            JsonObject params = asObject(parameter);
            try {
                listener.onNotification(method, params);
            } catch (RuntimeException e) {
                // a display problem must not break the connection
            }
        }
    }
}
