package dev.trestle.cli.engine;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import dev.trestle.cli.base.CliException;
import dev.trestle.cli.base.ExitCodes;
import dev.trestle.server.rpc.ChannelStreams;
import dev.trestle.server.rpc.EndpointRecord;
import dev.trestle.server.rpc.WireClient;
import dev.trestle.server.rpc.TrestleProtocol;
import dev.trestle.server.rpc.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;

/**
 * An engine driven through the typed {@link TrestleProtocol} proxy of the protocol's wire client
 * ({@link WireClient#launcher}): the same interface, wire Gson and framing as the engine, so the CLI depends on the
 * protocol package only. Results arrive as their wire JSON, which is what commands print and read (the result records
 * of {@code TrestleLauncher.client} would cost every CLI start their loading and reflection for nothing); notifications
 * reach the {@link NotificationListener} by their wire name. The session runs either over the
 * local endpoint of an engine that is already running (an editor's: no JVM start) or over the stdio of an engine child
 * process the CLI started ({@link #connector}).
 */
public final class EngineSession implements ConnectedEngine {
    /** The protocol version this CLI speaks ({@code EngineGetInfo.api_version}). */
    public static final String API_VERSION = "1";
    /** The engine's exit code when another engine holds the data dir ({@code storage.md} §1). */
    public static final int ENGINE_LOCKED_EXIT = 3;

    private static final long SHUTDOWN_WAIT_MS = 10_000;
    /** How long close() waits for a child engine to end (it ends at once unless other clients joined it). */
    private static final long CHILD_EXIT_WAIT_MS = 5_000;
    private final Process process;
    private final StderrTail stderr;
    private final TrestleProtocol protocol;
    private final ExecutorService executor;
    private final OutputStream toEngine;
    /** Completes when the connection ended (the child exited, or the endpoint connection closed). */
    private final CompletableFuture<Object> gone;
    private volatile NotificationListener listener = NotificationListener.NONE;
    private JsonObject engineInfo = new JsonObject();
    private boolean closed;

    private EngineSession(Process process, StderrTail stderr, ExecutorService executor) {
        this(process, stderr, executor, process.getInputStream(), process.getOutputStream(),
                process.onExit().thenApply(p -> (Object) p));
    }

    private EngineSession(Process process, StderrTail stderr, ExecutorService executor, InputStream in,
                          OutputStream out, CompletableFuture<Object> gone) {
        this.process = process;
        this.stderr = stderr;
        this.executor = executor;
        this.toEngine = out;
        this.gone = gone;
        Launcher<TrestleProtocol> launcher = WireClient.launcher(notificationsToListener(), in, out, executor);
        this.protocol = launcher.getRemoteProxy();
        java.util.concurrent.Future<Void> reading = launcher.startListening();
        if (process == null) {
            executor.execute(() -> {
                try {
                    reading.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | CancellationException e) {
                    // ended either way
                }
                gone.complete(null);
            });
        }
    }

    /**
     * Loads what a session needs (LSP4J's message classes, the protocol proxy class, the wire Gson) on a daemon thread,
     * so that this work overlaps the command line's own start instead of following it. Harmless when unused.
     */
    public static void prepareInBackground() {
        Thread t = new Thread(() -> {
            ExecutorService unused = Executors.newSingleThreadExecutor();
            try {
                WireClient.launcher(new EngineRequestsRefused() {
                    @Override
                    public void notify(String method, Object parameter) {
                    }
                }, InputStream.nullInputStream(), OutputStream.nullOutputStream(), unused);
            } catch (RuntimeException e) {
                // only a head start: the session does the same work when it needs it
            } finally {
                unused.shutdownNow();
            }
        }, "trestle-prepare");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The production connector: connects to the engine already running on the data dir (its endpoint, no JVM start)
     * and otherwise starts one ({@link #start}). If the running engine lacks {@code --allow-custom-endpoints} the CLI
     * was asked for, it says so on {@code err}: the running engine's flag decides.
     */
    public static EngineConnector connector(Map<String, String> env, PrintWriter err) {
        return (spec, verboseErr) -> {
            Path dataDir = DataDirRule.dataDir(spec.dataDir(), env);
            Optional<EndpointRecord> endpoint = EndpointRecord.read(dataDir);
            if (endpoint.isPresent()) {
                Optional<SocketChannel> channel = connect(endpoint.get());
                if (channel.isPresent()) {
                    if (spec.allowCustomEndpoints() && !endpoint.get().allowCustomEndpoints()) {
                        err.println("warning: --allow-custom-endpoints is not in effect: the running engine (pid "
                                + endpoint.get().pid() + ") was started without it and decides");
                        err.flush();
                    }
                    return attach(channel.get());
                }
            }
            return start(spec.with(dataDir, spec.allowCustomEndpoints()), verboseErr);
        };
    }

    /** Connects to a published endpoint; empty when nothing answers (no engine, or a stale record after a crash). */
    private static Optional<SocketChannel> connect(EndpointRecord endpoint) {
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(endpoint.socket()));
                return Optional.of(channel);
            } catch (IOException | RuntimeException e) {
                channel.close();
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A session over a connection to a running engine's endpoint. */
    static EngineSession attach(SocketChannel channel) throws CliException {
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "trestle-engine-io");
            t.setDaemon(true);
            return t;
        });
        EngineSession session = new EngineSession(null, null, executor, ChannelStreams.in(channel),
                ChannelStreams.out(channel), new CompletableFuture<>());
        try {
            session.handshake();
        } catch (CliException | RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
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
            call(TrestleProtocol::initialize, init);
            protocol.initialized(new JsonObject());
            engineInfo = call(TrestleProtocol::engineGetInfo, new JsonObject());
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
    public JsonObject call(Request request, JsonObject params) throws EngineCallException, CliException {
        String method = request.wireName();
        CompletableFuture<?> answer = request.send(protocol, params == null ? new JsonObject() : params);
        try {
            CompletableFuture.anyOf(answer, gone).get();
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
            if (gone.isDone()) {
                throw engineGone();
            }
            throw new CliException(ExitCodes.INTERNAL,
                    "connection to the engine failed during " + method + ": " + cause.getClass().getSimpleName());
        }
    }

    @Override
    public String stderrText() {
        return stderr == null ? "" : stderr.text();
    }

    private CliException engineGone() {
        if (process == null) {
            return new CliException(ExitCodes.ENGINE_UNAVAILABLE,
                    "the running engine closed the connection (it stopped or crashed); run the command again");
        }
        int code;
        try {
            code = process.waitFor();
            stderr.awaitEnd(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CliException(ExitCodes.INTERNAL, "interrupted");
        }
        if (code == ENGINE_LOCKED_EXIT) {
            return new CliException(ExitCodes.ENGINE_BUSY, "another engine holds this data dir but does not answer "
                    + "on its endpoint (hung?); end that engine process (its pid is in engine.lock) and retry");
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
            tree = WireJson.gson().toJsonTree(data);
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
        JsonElement tree = WireJson.gson().toJsonTree(result);
        return tree.isJsonObject() ? tree.getAsJsonObject() : new JsonObject();
    }

    /**
     * Sends {@code shutdown} and {@code exit} and closes the connection. A child engine is then waited for (bounded);
     * one still running after that serves other clients (an editor joined it) and ends by itself when they leave.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!gone.isDone()) {
                try {
                    CompletableFuture<Object> done = protocol.shutdown(null);
                    CompletableFuture.anyOf(done, gone).get(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS);
                    protocol.exit(null);
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    // fall through to closing the connection; the engine ends the session when its input ends
                }
                try {
                    toEngine.close();
                } catch (IOException e) {
                    // already gone
                }
                if (process != null) {
                    process.waitFor(CHILD_EXIT_WAIT_MS, TimeUnit.MILLISECONDS);
                }
            }
            if (stderr != null) {
                stderr.awaitEnd(process != null && process.isAlive() ? 0 : 2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdownNow();
        }
    }

    /** The engine's exit code once it ended (after {@link #close()}). */
    public int exitCode() {
        return process == null || process.isAlive() ? -1 : process.exitValue();
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

    /**
     * What the engine sends us, as the server's {@link TrestleClient}: every notification reaches the current listener
     * under its wire name with its params as wire JSON. Requests from the engine are answered "method not found" by
     * LSP4J, since the interface declares none.
     */
    private Endpoint notificationsToListener() {
        return new EngineRequestsRefused() {
            @Override
            public void notify(String method, Object parameter) {
                try {
                    listener.onNotification(method, asObject(parameter));
                } catch (RuntimeException e) {
                    // a display problem must not break the connection
                }
            }
        };
    }

    /** The CLI serves no requests: the engine sends none. */
    private abstract static class EngineRequestsRefused implements Endpoint {
        @Override
        public CompletableFuture<?> request(String method, Object parameter) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException(method));
        }
    }
}
