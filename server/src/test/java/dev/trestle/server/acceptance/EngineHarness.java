package dev.trestle.server.acceptance;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.trestle.domain.fakes.FakeProviderTransport;
import dev.trestle.domain.fakes.RecordingSleeper;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.ModelTransportPort;
import dev.trestle.server.bootstrap.CompositionRoot;
import dev.trestle.server.bootstrap.Engine;
import dev.trestle.server.bootstrap.Options;
import dev.trestle.server.rpc.ErrorMapper;
import dev.trestle.server.rpc.Frames;
import dev.trestle.server.rpc.RpcEventSink;
import dev.trestle.server.rpc.TrestleClient;
import dev.trestle.server.rpc.TrestleLauncher;
import dev.trestle.server.rpc.TrestleServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.eclipse.lsp4j.jsonrpc.Launcher;

/**
 * The whole engine — real filesystem store, settings, secrets, registry, services, RPC layer — over in-process pipes,
 * with only the provider transport replaced by a scripted {@link FakeProviderTransport} and the retry sleeper by a
 * {@link RecordingSleeper} (acceptance.md §0). The client side is raw JSON, so assertions see the wire exactly.
 */
public final class EngineHarness implements AutoCloseable {
    public static final long TIMEOUT_S = 20;

    public final Path dataDir;
    public final FakeProviderTransport provider;
    public final RecordingSleeper sleeper;
    private final boolean allowCustomEndpoints;
    private final CompositionRoot.StoreFactory storeFactory;
    private final UnaryOperator<ModelTransportPort> transportWrapper;
    private ClockPort clock;

    private Engine engine;
    private ExecutorService requests;
    private ExecutorService io;
    private OutputStream toServer;
    private InputStream fromServer;
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    /** Every notification received, in order, since the last {@link #clearNotifications()}. */
    private final List<JsonObject> notifications = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    private EngineHarness(Path dataDir, FakeProviderTransport provider, RecordingSleeper sleeper,
                          boolean allowCustomEndpoints, CompositionRoot.StoreFactory storeFactory,
                          UnaryOperator<ModelTransportPort> transportWrapper) {
        this.dataDir = dataDir;
        this.provider = provider;
        this.sleeper = sleeper;
        this.allowCustomEndpoints = allowCustomEndpoints;
        this.storeFactory = storeFactory;
        this.transportWrapper = transportWrapper;
    }

    public static EngineHarness start(Path dataDir) throws Exception {
        return start(dataDir, false);
    }

    public static EngineHarness start(Path dataDir, boolean allowCustomEndpoints) throws Exception {
        return start(dataDir, allowCustomEndpoints, dev.trestle.adapters.fs.FileSystemWorkbenchStore::new);
    }

    /**
     * Starts the engine with its Workbench store built by {@code storeFactory} (for example one from
     * {@code FaultInjectingStores}, to fail one exact rename); the same factory is used again on {@link #restart()}.
     */
    public static EngineHarness start(Path dataDir, boolean allowCustomEndpoints,
                                      CompositionRoot.StoreFactory storeFactory) throws Exception {
        EngineHarness h = new EngineHarness(dataDir, new FakeProviderTransport(), new RecordingSleeper(),
                allowCustomEndpoints, storeFactory, UnaryOperator.identity());
        h.boot();
        return h;
    }

    /**
     * Starts with the engine's transport being {@code transportWrapper} applied to the scripted provider, e.g. a
     * test-only adapter that builds its URLs differently before handing them to the fake (acceptance AC4 row 10).
     */
    public static EngineHarness start(Path dataDir, boolean allowCustomEndpoints,
                                      UnaryOperator<ModelTransportPort> transportWrapper) throws Exception {
        EngineHarness h = new EngineHarness(dataDir, new FakeProviderTransport(), new RecordingSleeper(),
                allowCustomEndpoints, dev.trestle.adapters.fs.FileSystemWorkbenchStore::new, transportWrapper);
        h.boot();
        return h;
    }

    /**
     * Starts with {@code clock} (e.g. a {@code FakeClock}) as the engine's clock, for time-based rules such as the
     * stream-time clutter throttle ({@code algorithms.md} §6.3).
     */
    public static EngineHarness startWithClock(Path dataDir, ClockPort clock) throws Exception {
        EngineHarness h = new EngineHarness(dataDir, new FakeProviderTransport(), new RecordingSleeper(), false,
                dev.trestle.adapters.fs.FileSystemWorkbenchStore::new, UnaryOperator.identity());
        h.clock = clock;
        h.boot();
        return h;
    }

    private void boot() throws Exception {
        Pipe in = Pipe.open();
        Pipe out = Pipe.open();
        toServer = Channels.newOutputStream(in.sink());
        fromServer = Channels.newInputStream(out.source());
        requests = Executors.newCachedThreadPool();
        io = Executors.newCachedThreadPool();
        RpcEventSink sink = new RpcEventSink();
        engine = new CompositionRoot(transportWrapper.apply(provider), sleeper, clock, storeFactory)
                .start(new Options(dataDir, allowCustomEndpoints), sink);
        TrestleServer server = new TrestleServer(engine.useCases(), engine.engineVersion(), engine.log(), requests,
                () -> { });
        Launcher<TrestleClient> launcher = TrestleLauncher.server(server, Channels.newInputStream(in.source()),
                Channels.newOutputStream(out.sink()), io, new ErrorMapper(engine.log()), engine.log());
        sink.connect(launcher.getRemoteProxy(), engine.log());
        launcher.startListening();
        io.execute(this::readFrames);
    }

    /** Stops this engine (releasing the engine lock) and starts a fresh one on the same data dir. */
    public void restart() throws Exception {
        restart(() -> { });
    }

    /** Something done to the data dir while no engine runs (e.g. building a crash state by hand). */
    @FunctionalInterface
    public interface WhileStopped {
        void run() throws Exception;
    }

    /**
     * Stops this engine, runs {@code whileStopped} (no engine holds the data dir then), and starts a fresh engine on
     * the same data dir.
     */
    public void restart(WhileStopped whileStopped) throws Exception {
        stop();
        frames.clear();
        synchronized (pending) {
            pending.clear();
        }
        whileStopped.run();
        boot();
    }

    // ---- calls ----

    /** Sends a request and waits for its response; notifications before it are recorded. */
    public Response call(String method, String paramsJson) {
        int id = send(method, paramsJson);
        return await(id);
    }

    public Response call(String method, JsonObject params) {
        return call(method, params.toString());
    }

    /** Sends a request without waiting; see {@link #await}. */
    public int send(String method, String paramsJson) {
        int id = ids.incrementAndGet();
        write("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":"
                + (paramsJson == null ? "{}" : paramsJson) + "}");
        return id;
    }

    public void cancelRequest(int id) {
        write("{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":" + id + "}}");
    }

    /** Waits for the response to request {@code id}. Other responses that arrive first are kept for later. */
    public Response await(int id) {
        synchronized (pending) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (true) {
                for (JsonObject f : pending) {
                    if (f.get("id").getAsInt() == id) {
                        pending.remove(f);
                        return new Response(f);
                    }
                }
                JsonObject f;
                try {
                    long left = deadline - System.nanoTime();
                    f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
                if (f == null) {
                    throw new AssertionError("no response to request " + id + " within " + TIMEOUT_S + " s");
                }
                if (f.has("method")) {
                    synchronized (notifications) {
                        notifications.add(f);
                    }
                } else if (f.has("id") && !f.get("id").isJsonNull() && f.get("id").getAsInt() == id) {
                    return new Response(f);
                } else {
                    pending.add(f);
                }
            }
        }
    }

    private final List<JsonObject> pending = new ArrayList<>();

    /** Notification frames ({@code method}, {@code params}) received so far, oldest first. */
    public List<JsonObject> notifications() {
        synchronized (notifications) {
            return List.copyOf(notifications);
        }
    }

    /** Method names of the notifications received so far. */
    public List<String> notificationNames() {
        return notifications().stream().map(n -> n.get("method").getAsString()).toList();
    }

    /** Params of the notifications with that method. */
    public List<JsonObject> notificationsOf(String method) {
        return notifications().stream().filter(n -> n.get("method").getAsString().equals(method))
                .map(n -> n.getAsJsonObject("params")).toList();
    }

    public void clearNotifications() {
        synchronized (notifications) {
            notifications.clear();
        }
    }

    // ---- helpers for scenarios ----

    public static JsonObject params(Object... kv) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < kv.length; i += 2) {
            String k = (String) kv[i];
            Object v = kv[i + 1];
            if (v == null) {
                o.add(k, com.google.gson.JsonNull.INSTANCE);
            } else if (v instanceof Boolean b) {
                o.addProperty(k, b);
            } else if (v instanceof Number n) {
                o.addProperty(k, n);
            } else if (v instanceof JsonElement e) {
                o.add(k, e);
            } else if (v instanceof List<?> list) {
                JsonArray a = new JsonArray();
                list.forEach(x -> a.add(String.valueOf(x)));
                o.add(k, a);
            } else {
                o.addProperty(k, String.valueOf(v));
            }
        }
        return o;
    }

    /** A JSON-RPC response: either a result or an error. */
    public record Response(JsonObject frame) {
        public boolean ok() {
            return frame.has("result");
        }

        public JsonObject result() {
            if (!ok()) {
                throw new AssertionError("expected a result, got " + frame);
            }
            JsonElement r = frame.get("result");
            return r.isJsonObject() ? r.getAsJsonObject() : new JsonObject();
        }

        public JsonObject error() {
            if (ok()) {
                throw new AssertionError("expected an error, got " + frame);
            }
            return frame.getAsJsonObject("error");
        }

        /** The {@code ErrorInfo} of a -32000 error. */
        public JsonObject errorInfo() {
            JsonObject e = error();
            if (e.get("code").getAsInt() != -32000) {
                throw new AssertionError("expected an application error, got " + e);
            }
            return e.getAsJsonObject("data");
        }

        public String errorCode() {
            return errorInfo().get("error_code").getAsString();
        }

        public String detailToken() {
            String d = errorInfo().get("detail").getAsString();
            int colon = d.indexOf(':');
            return colon < 0 ? d : d.substring(0, colon);
        }

        @Override
        public String toString() {
            return frame.toString();
        }
    }

    // ---- plumbing ----

    private void write(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                toServer.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                toServer.write(body);
                toServer.flush();
            } catch (IOException e) {
                throw new AssertionError("engine pipe closed", e);
            }
        }
    }

    private void readFrames() {
        InputStream src = fromServer;
        try {
            while (true) {
                frames.add(Frames.read(src));
            }
        } catch (IOException | RuntimeException e) {
            // stream closed
        }
    }


    private void stop() throws Exception {
        toServer.close();
        fromServer.close();
        requests.shutdownNow();
        requests.awaitTermination(TIMEOUT_S, TimeUnit.SECONDS);
        io.shutdownNow();
        // the reader threads may still log a closed stream: let them finish before the temp dir is deleted
        io.awaitTermination(TIMEOUT_S, TimeUnit.SECONDS);
        engine.close().close();
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
