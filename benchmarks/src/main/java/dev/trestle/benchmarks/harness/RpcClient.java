package dev.trestle.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small JSON-RPC 2.0 client with LSP base-protocol framing ({@code Content-Length}) over a pair of streams, as an
 * editor speaks to the engine over stdio. One reader thread completes pending calls by id and counts notifications.
 * Deliberately independent of LSP4J, so the client side costs the same for every server measured.
 */
public final class RpcClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutputStream out;
    private final InputStream in;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong notifications = new AtomicLong();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Thread reader;
    private volatile NotificationListener listener;

    public RpcClient(InputStream fromServer, OutputStream toServer) {
        this.in = new BufferedInputStream(fromServer, 1 << 16);
        this.out = toServer;
        this.reader = new Thread(this::readLoop, "rpc-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Sends a request and waits for its result; an error response throws {@link RpcError}. */
    public JsonNode call(String method, Object params, long timeoutMillis) throws IOException, RpcError {
        CompletableFuture<JsonNode> f = send(method, params);
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + method, e);
        } catch (TimeoutException e) {
            throw new IOException(method + " timed out after " + timeoutMillis + " ms", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RpcError err) {
                throw err;
            }
            throw new IOException(method + " failed", e.getCause());
        }
    }

    /** Sends a request; the future completes with its result (or an {@link RpcError}). */
    public CompletableFuture<JsonNode> send(String method, Object params) throws IOException {
        long id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("jsonrpc", "2.0");
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", params == null ? JSON.createObjectNode() : JSON.valueToTree(params));
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        write(JSON.writeValueAsBytes(msg));
        return f;
    }

    /** Receives notifications on the reader thread with the {@link System#nanoTime()} at which each was read. */
    @FunctionalInterface
    public interface NotificationListener {
        void onNotification(String method, JsonNode params, long receivedNanos);
    }

    /** Sets (or, with null, clears) the notification listener. */
    public void onNotification(NotificationListener l) {
        this.listener = l;
    }

    /** Notifications received so far. */
    public long notifications() {
        return notifications.get();
    }

    private synchronized void write(byte[] body) throws IOException {
        out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private void readLoop() {
        try {
            while (true) {
                int length = readHeaders();
                if (length < 0) {
                    break;
                }
                byte[] body = in.readNBytes(length);
                if (body.length < length) {
                    break;
                }
                long now = System.nanoTime();
                dispatch(JSON.readTree(body), now);
            }
        } catch (IOException | RuntimeException e) {
            // stream ended or broke: fail whatever is pending below
        }
        IOException end = new IOException("server closed the connection");
        pending.values().forEach(f -> f.completeExceptionally(end));
        closed.complete(null);
    }

    private void dispatch(JsonNode msg, long receivedNanos) {
        JsonNode id = msg.get("id");
        if (msg.has("method")) {
            notifications.incrementAndGet();
            NotificationListener l = listener;
            if (l != null) {
                l.onNotification(msg.get("method").asText(), msg.get("params"), receivedNanos);
            }
            return;
        }
        if (id == null || !id.canConvertToLong()) {
            return;
        }
        CompletableFuture<JsonNode> f = pending.remove(id.asLong());
        if (f == null) {
            return;
        }
        JsonNode error = msg.get("error");
        if (error != null && !error.isNull()) {
            f.completeExceptionally(new RpcError(error.path("code").asInt(), error.path("message").asText(),
                    error.get("data")));
        } else {
            f.complete(msg.get("result"));
        }
    }

    /** Reads header lines; returns the content length, or -1 at end of stream. */
    private int readHeaders() throws IOException {
        int length = -1;
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                return -1;
            }
            if (c == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII).trim();
                line.reset();
                if (text.isEmpty()) {
                    if (length >= 0) {
                        return length;
                    }
                    continue;
                }
                int colon = text.indexOf(':');
                if (colon > 0 && text.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                    length = Integer.parseInt(text.substring(colon + 1).trim());
                }
            } else {
                line.write(c);
            }
        }
    }

    /** Closes the request stream (the engine exits when stdin closes) and waits briefly for the reader to end. */
    @Override
    public void close() throws IOException {
        out.close();
        try {
            closed.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the process is destroyed by its owner anyway
        }
    }

    /** A JSON-RPC error response. */
    public static final class RpcError extends Exception {
        private static final long serialVersionUID = 1L;
        private final int code;
        private final transient JsonNode data;

        RpcError(int code, String message, JsonNode data) {
            super(code + " " + message + (data == null ? "" : " " + data));
            this.code = code;
            this.data = data;
        }

        public int code() {
            return code;
        }

        public JsonNode data() {
            return data;
        }
    }
}
