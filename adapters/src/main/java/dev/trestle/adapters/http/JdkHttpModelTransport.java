package dev.trestle.adapters.http;

import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.EgressPolicy;
import dev.trestle.domain.model.Endpoint;
import dev.trestle.domain.model.ExchangeResult;
import dev.trestle.domain.model.ExchangeResult.NetFailure;
import dev.trestle.domain.model.ProviderEndpoint;
import dev.trestle.domain.port.out.ModelTransportPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * {@link ModelTransportPort} over {@code java.net.http}: one HTTPS/1.1 exchange per call, never following redirects,
 * no proxy. Before opening anything it applies {@link EgressPolicy} to the target again ({@code algorithms.md} §5);
 * a refused target opens no socket. Trust is the JDK's plus a custom endpoint's {@code ca_file}; hostname
 * verification is never disabled. Timeouts follow {@code errors.md} §4 and are configurable. Key values, bodies and
 * exception messages never reach a result.
 */
public final class JdkHttpModelTransport implements ModelTransportPort {

    /** Connect, whole validation exchange, streaming first byte, streaming silence after the first byte. */
    public record Timeouts(Duration connect, Duration validation, Duration firstByte, Duration silence) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(120), Duration.ofSeconds(60));

        public Timeouts {
            Objects.requireNonNull(connect);
            Objects.requireNonNull(validation);
            Objects.requireNonNull(firstByte);
            Objects.requireNonNull(silence);
        }
    }

    private final Timeouts timeouts;
    private final Clock clock;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    public JdkHttpModelTransport() {
        this(Timeouts.DEFAULT, Clock.systemUTC());
    }

    public JdkHttpModelTransport(Timeouts timeouts) {
        this(timeouts, Clock.systemUTC());
    }

    public JdkHttpModelTransport(Timeouts timeouts, Clock clock) {
        this.timeouts = Objects.requireNonNull(timeouts);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public ExchangeResult exchange(Call call, DeltaListener deltas, CancelToken cancel) {
        Optional<String> violation = EgressPolicy.violation(call.provider(), call.target());
        if (violation.isPresent()) {
            return new ExchangeResult.Blocked(violation.get());
        }
        URI uri;
        try {
            uri = new URI(call.target().url());
        } catch (URISyntaxException e) {
            return new ExchangeResult.Blocked("unparseable target");
        }
        // what the HTTP client will connect to must pass the same rule
        Optional<String> reparsed = EgressPolicy.violation(call.provider(), parseEndpoint(uri));
        if (reparsed.isPresent()) {
            return new ExchangeResult.Blocked(reparsed.get());
        }
        if (cancel.isCancelled()) {
            return new ExchangeResult.Cancelled(false);
        }
        HttpClient client;
        try {
            client = clientFor(call.provider());
        } catch (Exception e) {
            return new ExchangeResult.NetworkError(NetFailure.TLS, false);
        }
        WireCodec codec = WireCodec.forProvider(call.provider().provider());
        HttpRequest request;
        try {
            request = request(call, uri, codec);
        } catch (IllegalArgumentException e) {
            return new ExchangeResult.ProtocolError("request could not be built", false);
        }
        return new HttpExchange(call, codec, deltas == null ? d -> { } : deltas, cancel, timeouts, clock)
                .run(client, request);
    }

    private HttpRequest request(Call call, URI uri, WireCodec codec) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).version(HttpClient.Version.HTTP_1_1);
        for (Map.Entry<String, String> h : codec.headers(call.apiKey())) {
            b.header(h.getKey(), h.getValue());
        }
        byte[] body = new byte[0];
        if (call.kind() == Kind.CHAT) {
            b.header("Content-Type", "application/json");
            b.header("Accept", "text/event-stream");
            body = Json.line(codec.chatBody(call.chat())).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            // these exact bytes, and nothing else, are the request body written to the socket
            b.POST(HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.header("Accept", "application/json");
            b.GET();
        }
        HttpRequest built = b.build();
        call.observer().requestBody(sha256(body), body.length);
        return built;
    }

    private HttpClient clientFor(ProviderEndpoint provider) throws Exception {
        String caFile = provider.custom() ? provider.caFile() : null;
        String key = caFile == null ? "" : caFile;
        HttpClient existing = clients.get(key);
        if (existing != null) {
            return existing;
        }
        SSLContext ctx = ProviderTrust.context(caFile == null ? List.of() : ProviderTrust.readPem(Path.of(caFile)));
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeouts.connect())
                .sslContext(ctx)
                .build();
        HttpClient raced = clients.putIfAbsent(key, client);
        return raced == null ? client : raced;
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** Parses a URI into the policy's view; anything the parser cannot name gets a null host. */
    static Endpoint parseEndpoint(URI u) {
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        if (u.getRawQuery() != null) {
            path = path + "?" + u.getRawQuery();
        }
        return new Endpoint(u.getScheme(), u.getRawUserInfo(), u.getHost(), u.getPort(), path);
    }

    /** A {@code Location} resolved against the request URI; null host when it cannot be parsed. */
    static Endpoint location(URI base, String location) {
        try {
            return parseEndpoint(base.resolve(new URI(location.trim())));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return new Endpoint(null, null, null, -1, "");
        }
    }

}
