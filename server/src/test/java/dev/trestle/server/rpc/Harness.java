package dev.trestle.server.rpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.jsonrpc.Launcher;

/**
 * An in-process engine endpoint over pipes, backed by {@link Fakes}. Talk to it either through a typed LSP4J client
 * ({@link #typed()}) or frame by frame ({@link #raw()}).
 */
final class Harness implements AutoCloseable {
    static final long TIMEOUT_S = 10;

    final Fakes fakes = new Fakes();
    final CountDownLatch exited = new CountDownLatch(1);
    final TrestleServer server;
    private final ExecutorService requests = Executors.newCachedThreadPool();
    private final ExecutorService io = Executors.newCachedThreadPool();
    private final OutputStream toServer;
    private final InputStream fromServer;

    private Launcher<TrestleProtocol> clientLauncher;
    final RecordingClient notifications = new RecordingClient();
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();

    private Harness() throws IOException {
        Pipe in = Pipe.open();
        Pipe out = Pipe.open();
        toServer = Channels.newOutputStream(in.sink());
        fromServer = Channels.newInputStream(out.source());
        server = new TrestleServer(fakes.useCases(), "9.9.9-test", fakes.log, requests, exited::countDown);
        RpcEventSink sink = new RpcEventSink();
        Launcher<TrestleClient> launcher = TrestleLauncher.server(server, Channels.newInputStream(in.source()),
                Channels.newOutputStream(out.sink()), io, new ErrorMapper(fakes.log), fakes.log);
        sink.connect(launcher.getRemoteProxy(), fakes.log);
        fakes.events = sink;
        launcher.startListening();
    }

    /** With a typed client whose notifications land in {@link #notifications}. */
    static Harness typed() throws IOException {
        Harness h = new Harness();
        h.clientLauncher = TrestleLauncher.client(h.notifications, h.fromServer, h.toServer, h.io);
        h.clientLauncher.startListening();
        return h;
    }

    /** With a {@link WireClient} (results and notifications as wire JSON) whose notifications go to {@code local}. */
    static Harness wire(org.eclipse.lsp4j.jsonrpc.Endpoint local) throws IOException {
        Harness h = new Harness();
        h.clientLauncher = WireClient.launcher(local, h.fromServer, h.toServer, h.io);
        h.clientLauncher.startListening();
        return h;
    }

    /** With raw frame access ({@link #send}, {@link #next}). */
    static Harness raw() throws IOException {
        Harness h = new Harness();
        h.io.execute(h::readFrames);
        return h;
    }

    TrestleProtocol client() {
        return clientLauncher.getRemoteProxy();
    }

    /** Sends one JSON text as a frame. */
    void send(String json) throws IOException {
        sendBytes(json.getBytes(StandardCharsets.UTF_8));
    }

    void sendBytes(byte[] body) throws IOException {
        writeRaw(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        writeRaw(body);
    }

    void writeRaw(byte[] bytes) throws IOException {
        synchronized (toServer) {
            toServer.write(bytes);
            toServer.flush();
        }
    }

    void request(Object id, String method, String paramsJson) throws IOException {
        String idJson = id instanceof String s ? "\"" + s + "\"" : String.valueOf(id);
        send("{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"method\":\"" + method + "\""
                + (paramsJson == null ? "" : ",\"params\":" + paramsJson) + "}");
    }

    void cancel(Object id) throws IOException {
        String idJson = id instanceof String s ? "\"" + s + "\"" : String.valueOf(id);
        send("{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":" + idJson + "}}");
    }

    /** The next frame the server wrote. */
    JsonObject next() throws InterruptedException {
        JsonObject frame = frames.poll(TIMEOUT_S, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame from the server within " + TIMEOUT_S + " s");
        }
        return frame;
    }

    /** Frames up to and including the response with {@code id}. */
    List<JsonObject> until(Object id) throws InterruptedException {
        List<JsonObject> seen = new ArrayList<>();
        while (true) {
            JsonObject f = next();
            seen.add(f);
            JsonElement fid = f.get("id");
            if (f.has("id") && !f.has("method") && fid != null && !fid.isJsonNull()
                    && fid.getAsString().equals(String.valueOf(id))) {
                return seen;
            }
        }
    }

    /** The response with {@code id}, dropping frames before it. */
    JsonObject response(Object id) throws InterruptedException {
        List<JsonObject> seen = until(id);
        return seen.get(seen.size() - 1);
    }

    private void readFrames() {
        try {
            while (true) {
                frames.add(Frames.read(fromServer));
            }
        } catch (IOException | RuntimeException e) {
            // stream closed
        }
    }


    @Override
    public void close() throws IOException {
        toServer.close();
        fromServer.close();
        requests.shutdownNow();
        io.shutdownNow();
    }
}
