package dev.trestle.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTPS stand-in for the four providers, bound to 127.0.0.1 and addressed as {@code https://localhost:PORT}.
 * It makes a CA and a {@code localhost} certificate at start and writes the CA PEM where the caller says. Each
 * vendor's validation and streaming chat endpoints are served at their real paths (optionally under a
 * {@code /<provider>} prefix, which {@link #endpointSettingsJson()} uses), with that vendor's auth header check,
 * event-stream format and error bodies. Answers come from a per-provider script ({@link #script}, JSON through
 * {@link #scriptJson} or {@code POST /_sim/script}); an empty script echoes a short reply. Every request is recorded.
 */
public final class ProviderSimulator implements AutoCloseable {

    /** The four vendors; {@code id} is the engine's {@code provider_id}. */
    public enum Vendor {
        OPENAI("openai"), ANTHROPIC("anthropic"), GOOGLE("google"), MISTRAL("mistral");

        final String id;

        Vendor(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Vendor of(String id) {
            for (Vendor v : values()) {
                if (v.id.equals(id)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown provider " + id);
        }
    }

    /** A request as received: header names lower-cased, body as UTF-8 text. */
    public record RecordedRequest(Vendor vendor, String method, String path, Map<String, List<String>> headers,
                                  String body) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        @Override
        public String toString() {
            return "RecordedRequest[" + (vendor == null ? "?" : vendor.id) + " " + method + " " + path + "]";
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ANTHROPIC_VERSION = "2023-06-01";

    private final Path caPemPath;
    private final int requestedPort;
    private final Map<Vendor, Deque<Reply>> scripts = new EnumMap<>(Vendor.class);
    private final Map<Vendor, String> expectedKeys = new EnumMap<>(Vendor.class);
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Reply> jsonHolds = new CopyOnWriteArrayList<>();
    private final List<Reply> active = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile UsageModel usage = UsageModel.BODY_BYTES;
    private HttpsServer server;
    private ExecutorService executor;

    /** A simulator on an ephemeral port writing its CA PEM to {@code caPemPath}. */
    public ProviderSimulator(Path caPemPath) {
        this(caPemPath, 0);
    }

    public ProviderSimulator(Path caPemPath, int port) {
        this.caPemPath = Objects.requireNonNull(caPemPath).toAbsolutePath();
        this.requestedPort = port;
        for (Vendor v : Vendor.values()) {
            scripts.put(v, new ArrayDeque<>());
        }
    }

    /** Makes the PKI, writes the CA PEM and starts serving. */
    public synchronized ProviderSimulator start() throws IOException, GeneralSecurityException {
        if (server != null) {
            return this;
        }
        TestPki pki = TestPki.create("Trestle Provider Simulator CA", "localhost");
        pki.writeCaPem(caPemPath);
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 64);
        s.setHttpsConfigurator(new HttpsConfigurator(pki.serverContext()));
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "provider-simulator");
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(executor);
        s.createContext("/", this::handle);
        s.start();
        server = s;
        return this;
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress().getPort();
    }

    public Path caPemPath() {
        return caPemPath;
    }

    /** {@code https://localhost:PORT} (the unprefixed base; {@code /v1/models} there is OpenAI's or Anthropic's). */
    public String baseUrl() {
        return "https://localhost:" + port();
    }

    /** The base URL for one vendor: {@code https://localhost:PORT/<provider>}. */
    public String baseUrl(Vendor vendor) {
        return baseUrl() + "/" + vendor.id;
    }

    /** The {@code providers} block of {@code settings.json} pointing every provider here. */
    public String endpointSettingsJson() {
        ObjectNode providers = JSON.createObjectNode();
        for (Vendor v : Vendor.values()) {
            ObjectNode ep = providers.putObject(v.id).putObject("endpoint");
            ep.put("base_url", baseUrl(v));
            ep.put("ca_file", caPemPath.toString());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(providers);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Appends replies to a vendor's queue. */
    public ProviderSimulator script(Vendor vendor, Reply... replies) {
        synchronized (scripts) {
            scripts.get(vendor).addAll(List.of(replies));
        }
        return this;
    }

    public ProviderSimulator script(String providerId, Reply... replies) {
        return script(Vendor.of(providerId), replies);
    }

    /** How reported input tokens are counted from now on (default {@link UsageModel#BODY_BYTES}). */
    public ProviderSimulator usage(UsageModel model) {
        this.usage = java.util.Objects.requireNonNull(model);
        return this;
    }

    /** The input tokens this simulator reports for a chat {@code body} sent to {@code vendor}. */
    public int inputTokens(Vendor vendor, String body) {
        return usage.inputTokens(vendor, VendorFormat.of(vendor), body.getBytes(StandardCharsets.UTF_8));
    }

    /** Only this key is accepted for the vendor (default: any non-blank key). */
    public ProviderSimulator expectKey(Vendor vendor, String key) {
        synchronized (expectedKeys) {
            expectedKeys.put(vendor, key);
        }
        return this;
    }

    /**
     * Scripts from JSON: {@code {"openai": [{"chunks": ["a","b"]}, {"status": 429, "headers": {"Retry-After": "3"}},
     * {"error": "context_length"}, {"chunks": [...], "drop_after": 1}, {"hold": true}, {"delay_first_byte_ms": 500},
     * {"proposal": {...}}, {"redirect": "https://...", "status": 302}], "anthropic": [...]}}}. Holds from JSON end with
     * {@code POST /_sim/release}.
     */
    public void scriptJson(String json) throws IOException {
        JsonScript.parse(json, jsonHolds::add).forEach((v, list) -> script(v, list.toArray(new Reply[0])));
    }

    /** Ends every hold and delay made from JSON. */
    public void releaseAll() {
        jsonHolds.forEach(Reply::release);
    }

    /** Requests received so far, in order. */
    public List<RecordedRequest> requests() {
        return Collections.unmodifiableList(new ArrayList<>(requests));
    }

    public void clearRequests() {
        requests.clear();
    }

    @Override
    public synchronized void close() {
        releaseAll();
        active.forEach(Reply::release);
        synchronized (scripts) {
            scripts.values().forEach(q -> q.forEach(Reply::release));
        }
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    // ---- serving ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String rawPath = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            byte[] body = ex.getRequestBody().readAllBytes();
            if (rawPath.startsWith("/_sim/")) {
                admin(ex, rawPath, body);
                return;
            }
            Vendor vendor = null;
            String path = rawPath;
            for (Vendor v : Vendor.values()) {
                String prefix = "/" + v.id;
                if (rawPath.equals(prefix) || rawPath.startsWith(prefix + "/")) {
                    vendor = v;
                    path = rawPath.substring(prefix.length());
                }
            }
            if (vendor == null) {
                vendor = guessVendor(ex, path);
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            String fullPath = query == null ? rawPath : rawPath + "?" + query;
            requests.add(new RecordedRequest(vendor, ex.getRequestMethod(), fullPath, headers,
                    new String(body, StandardCharsets.UTF_8)));
            if (vendor == null) {
                send(ex, 404, "application/json", "{\"error\":\"unknown path\"}", Map.of());
                return;
            }
            VendorFormat format = VendorFormat.of(vendor);
            String authProblem = format.authProblem(ex, expectedKey(vendor));
            if (authProblem != null) {
                VendorFormat.ErrorAnswer a = format.authError(authProblem);
                send(ex, a.status(), "application/json", a.body(), Map.of());
                return;
            }
            boolean validation = "GET".equals(ex.getRequestMethod()) && format.isValidationPath(path);
            boolean chat = "POST".equals(ex.getRequestMethod()) && format.isChatPath(path, query);
            if (!validation && !chat) {
                VendorFormat.ErrorAnswer a = format.error(404, Reply.ErrorKind.DEFAULT);
                send(ex, a.status(), "application/json", a.body(), Map.of());
                return;
            }
            Reply reply;
            synchronized (scripts) {
                reply = scripts.get(vendor).poll();
            }
            if (reply == null) {
                reply = Reply.text(echo(format, body));
            }
            active.add(reply);
            try {
                answer(ex, vendor, format, reply, validation, body);
            } finally {
                active.remove(reply);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String expectedKey(Vendor v) {
        synchronized (expectedKeys) {
            return expectedKeys.get(v);
        }
    }

    private static Vendor guessVendor(HttpExchange ex, String path) {
        if (path.equals("/v1/responses")) {
            return Vendor.OPENAI;
        }
        if (path.equals("/v1/messages")) {
            return Vendor.ANTHROPIC;
        }
        if (path.startsWith("/v1beta/")) {
            return Vendor.GOOGLE;
        }
        if (path.equals("/v1/chat/completions")) {
            return Vendor.MISTRAL;
        }
        if (path.equals("/v1/models")) {
            var h = ex.getRequestHeaders();
            return h.containsKey("x-api-key") || h.containsKey("anthropic-version") ? Vendor.ANTHROPIC : Vendor.OPENAI;
        }
        return null;
    }

    private static String[] echo(VendorFormat format, byte[] body) {
        String last = format.lastUserText(body);
        if (last == null || last.isBlank()) {
            return new String[] {"Hello ", "from the ", "simulator."};
        }
        String shortText = last.length() > 40 ? last.substring(0, 40) : last;
        return new String[] {"You said: ", shortText};
    }

    private void answer(HttpExchange ex, Vendor vendor, VendorFormat format, Reply reply, boolean validation,
                        byte[] body)
            throws IOException, InterruptedException {
        if (reply.firstByteDelay != null) {
            reply.awaitRelease(reply.firstByteDelay);
        }
        if (reply.location != null) {
            send(ex, reply.status, "application/json", "{}", Map.of("Location", reply.location));
            return;
        }
        if (reply.status != 200) {
            VendorFormat.ErrorAnswer a = format.error(reply.status, reply.errorKind);
            send(ex, a.status(), "application/json", a.body(), reply.headers);
            return;
        }
        if (validation) {
            send(ex, 200, "application/json", format.modelList(), reply.headers);
            return;
        }
        String id = "sim_" + ids.incrementAndGet();
        List<String> events = format.stream(id, reply.chunks, usage.inputTokens(vendor, format, body));
        if (reply.withoutEnd) {
            events = events.subList(0, Math.max(1, events.size() - format.endEvents()));
        }
        reply.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        if (reply.dropAfter >= 0) {
            // announce far more bytes than are sent, then close: the client sees a truncated body
            StringBuilder sent = new StringBuilder(events.get(0));
            for (int i = 0; i < reply.dropAfter && i < reply.chunks.size(); i++) {
                sent.append(events.get(1 + i));
            }
            byte[] bytes = sent.toString().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, bytes.length + 100_000L);
            OutputStream out = ex.getResponseBody();
            out.write(bytes);
            out.flush();
            return; // closing the exchange with bytes missing drops the connection
        }
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        int chunkEvents = 1 + reply.chunks.size();
        for (int i = 0; i < events.size(); i++) {
            if (reply.hold && i == chunkEvents) {
                reply.markHeld();
                reply.awaitRelease(null);
            }
            out.write(events.get(i).getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (i >= 1 && i < chunkEvents) {
                reply.chunkSent.accept(i - 1);
            }
        }
    }

    private void admin(HttpExchange ex, String path, byte[] body) throws IOException {
        switch (path) {
            case "/_sim/script" -> {
                try {
                    scriptJson(new String(body, StandardCharsets.UTF_8));
                    send(ex, 200, "application/json", "{\"ok\":true}", Map.of());
                } catch (IOException e) {
                    send(ex, 400, "application/json", "{\"ok\":false}", Map.of());
                }
            }
            case "/_sim/release" -> {
                releaseAll();
                send(ex, 200, "application/json", "{\"ok\":true}", Map.of());
            }
            case "/_sim/requests" -> {
                ArrayNode arr = JSON.createArrayNode();
                for (RecordedRequest r : requests) {
                    ObjectNode n = arr.addObject();
                    n.put("provider", r.vendor() == null ? null : r.vendor().id);
                    n.put("method", r.method());
                    n.put("path", r.path());
                }
                send(ex, 200, "application/json", JSON.writeValueAsString(arr), Map.of());
            }
            case "/_sim/reset" -> {
                synchronized (scripts) {
                    scripts.values().forEach(Deque::clear);
                }
                releaseAll();
                requests.clear();
                send(ex, 200, "application/json", "{\"ok\":true}", Map.of());
            }
            default -> send(ex, 404, "application/json", "{\"ok\":false}", Map.of());
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
    }
}
