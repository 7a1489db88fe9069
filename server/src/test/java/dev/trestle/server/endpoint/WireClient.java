package dev.trestle.server.endpoint;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal LSP client speaking raw frames over any pair of streams (a server process's stdio or a socket): requests
 * are matched to responses by id, notifications are queued in arrival order, end of stream completes {@link #closed}.
 */
final class WireClient implements AutoCloseable {
    static final long TIMEOUT_S = 30;

    private final OutputStream out;
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    final BlockingQueue<JsonObject> notifications = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicInteger ids = new AtomicInteger();

    WireClient(InputStream in, OutputStream out) {
        this.out = out;
        Thread reader = new Thread(() -> read(in), "wire-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(InputStream in) {
        try {
            while (true) {
                JsonObject frame = readFrame(in);
                if (frame.has("id") && !frame.get("id").isJsonNull() && !frame.has("method")) {
                    CompletableFuture<JsonObject> f = pending.remove(frame.get("id").getAsInt());
                    if (f != null) {
                        f.complete(frame);
                    }
                } else if (frame.has("method")) {
                    notifications.add(frame);
                }
            }
        } catch (IOException | RuntimeException e) {
            IOException gone = new IOException("connection closed");
            pending.values().forEach(f -> f.completeExceptionally(gone));
            closed.complete(null);
        }
    }

    private static JsonObject readFrame(InputStream in) throws IOException {
        int length = -1;
        while (true) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("end of stream");
                }
                if (c != '\r') {
                    line.write(c);
                }
            }
            String l = line.toString(StandardCharsets.US_ASCII);
            if (l.isEmpty()) {
                break;
            }
            if (l.startsWith("Content-Length:")) {
                length = Integer.parseInt(l.substring("Content-Length:".length()).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("end of stream");
        }
        return JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** Sends a request and returns the future of its whole response frame. */
    CompletableFuture<JsonObject> send(String method, JsonObject params) throws IOException {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonObject> f = new CompletableFuture<>();
        pending.put(id, f);
        JsonObject msg = new JsonObject();
        msg.addProperty("jsonrpc", "2.0");
        msg.addProperty("id", id);
        msg.addProperty("method", method);
        msg.add("params", params == null ? new JsonObject() : params);
        write(msg);
        return f;
    }

    void notify(String method) throws IOException {
        JsonObject msg = new JsonObject();
        msg.addProperty("jsonrpc", "2.0");
        msg.addProperty("method", method);
        write(msg);
    }

    private synchronized void write(JsonObject msg) throws IOException {
        byte[] body = msg.toString().getBytes(StandardCharsets.UTF_8);
        out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** Calls and returns {@code result}; fails the test on an error response. */
    JsonObject call(String method, JsonObject params) throws Exception {
        JsonObject frame = send(method, params).get(TIMEOUT_S, TimeUnit.SECONDS);
        if (!frame.has("result")) {
            throw new AssertionError(method + " failed: " + frame);
        }
        JsonElement r = frame.get("result");
        return r.isJsonObject() ? r.getAsJsonObject() : new JsonObject();
    }

    /** LSP handshake plus the api_version check. */
    WireClient handshake() throws Exception {
        send("initialize", new JsonObject()).get(TIMEOUT_S, TimeUnit.SECONDS);
        notify("initialized");
        JsonObject info = call("EngineGetInfo", null);
        if (!"1".equals(info.get("api_version").getAsString())) {
            throw new AssertionError("api_version " + info);
        }
        return this;
    }

    /** The next notification named {@code method} (others before it are dropped). */
    JsonObject await(String method) throws InterruptedException {
        return await(method, null, null);
    }

    /** The next notification named {@code method} whose {@code field} is {@code value} (others are dropped). */
    JsonObject await(String method, String field, String value) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject n = notifications.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (n == null) {
                throw new AssertionError("no " + method + " within " + TIMEOUT_S + " s");
            }
            JsonObject p = n.getAsJsonObject("params");
            if (method.equals(n.get("method").getAsString())
                    && (field == null || (p.has(field) && value.equals(p.get(field).getAsString())))) {
                return p;
            }
        }
    }

    /** Polite end: shutdown, exit, close the output. */
    @Override
    public void close() {
        try {
            send("shutdown", null).get(TIMEOUT_S, TimeUnit.SECONDS);
            notify("exit");
        } catch (Exception e) {
            // already gone
        }
        try {
            out.close();
        } catch (IOException e) {
            // already gone
        }
    }

    static JsonObject params(Object... kv) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            if (v instanceof String s) {
                o.addProperty((String) kv[i], s);
            } else if (v instanceof Boolean b) {
                o.addProperty((String) kv[i], b);
            } else if (v instanceof Number n) {
                o.addProperty((String) kv[i], n);
            } else if (v instanceof JsonElement e) {
                o.add((String) kv[i], e);
            }
        }
        return o;
    }
}
