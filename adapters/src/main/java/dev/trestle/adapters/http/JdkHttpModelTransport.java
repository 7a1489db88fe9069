package dev.trestle.adapters.http;

import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.EgressPolicy;
import dev.trestle.domain.model.Endpoint;
import dev.trestle.domain.model.ExchangeResult;
import dev.trestle.domain.model.ExchangeResult.NetFailure;
import dev.trestle.domain.model.ProviderEndpoint;
import dev.trestle.domain.port.out.ModelTransportPort;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

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

    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_VALIDATION_BODY = 4 * 1024 * 1024;
    /**
     * Body buffers requested ahead of the consuming thread (one more is requested per buffer consumed), so the client
     * keeps reading while a delta is relayed instead of waiting for a request per buffer; bounds the queued body.
     */
    private static final int BODY_WINDOW = 16;
    private static final Object END = new Object();
    private static final Object CANCEL = new Object();

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
        return new Exchange(call, codec, deltas == null ? d -> { } : deltas, cancel).run(client, request);
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

    /**
     * The delay a vendor asks for in headers: {@code retry-after-ms} (milliseconds, OpenAI and Anthropic SDK
     * convention) first, else {@code Retry-After} as delta-seconds (fractions allowed) or HTTP date; null when absent
     * or unreadable.
     */
    static Duration retryAfter(HttpHeaders headers, Clock clock) {
        Optional<String> ms = headers.firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                double v = Double.parseDouble(ms.get().trim());
                if (v >= 0 && v < 1e12) {
                    return Duration.ofNanos(Math.round(v * 1_000_000d));
                }
            } catch (NumberFormatException e) {
                // fall through to Retry-After
            }
        }
        Optional<String> v = headers.firstValue("Retry-After");
        if (v.isEmpty()) {
            return null;
        }
        String s = v.get().trim();
        try {
            if (s.matches("\\d+(\\.\\d+)?")) {
                return Duration.ofNanos(new java.math.BigDecimal(s).movePointRight(9).longValueExact());
            }
            throw new NumberFormatException();
        } catch (NumberFormatException | ArithmeticException e) {
            try {
                Duration d = Duration.between(clock.instant(),
                        ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** Maps a client failure to its kind by exception class only (messages can echo URLs and headers). */
    static NetFailure classify(Throwable t, boolean responseStarted) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpConnectTimeoutException) {
                return NetFailure.CONNECT_TIMEOUT;
            }
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return NetFailure.DNS;
            }
            if (c instanceof NoRouteToHostException) {
                return NetFailure.NO_ROUTE;
            }
            if (!responseStarted && (c instanceof SSLException || c instanceof CertificateException)) {
                return NetFailure.TLS;
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return NetFailure.REFUSED;
            }
            if (c instanceof HttpTimeoutException) {
                return NetFailure.FIRST_BYTE_TIMEOUT;
            }
        }
        return responseStarted ? NetFailure.STREAM_BROKEN : NetFailure.RESET;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private record Head(int status, HttpHeaders headers) {
    }

    private record Chunk(List<ByteBuffer> buffers) {
    }

    private record Failed(Throwable error) {
    }

    /** The state of one exchange: signals from the client threads are consumed on the caller's thread. */
    private final class Exchange {
        private final Call call;
        private final WireCodec codec;
        private final DeltaListener deltas;
        private final CancelToken cancel;
        private final LinkedBlockingQueue<Object> signals = new LinkedBlockingQueue<>();
        private volatile Flow.Subscription subscription;
        private CompletableFuture<HttpResponse<Void>> future;
        private boolean afterDelta;

        Exchange(Call call, WireCodec codec, DeltaListener deltas, CancelToken cancel) {
            this.call = call;
            this.codec = codec;
            this.deltas = text -> {
                afterDelta = true;
                deltas.onDelta(text);
            };
            this.cancel = cancel;
        }

        ExchangeResult run(HttpClient client, HttpRequest request) {
            cancel.onCancel(() -> signals.offer(CANCEL));
            future = client.sendAsync(request, info -> {
                signals.offer(new Head(info.statusCode(), info.headers()));
                return HttpResponse.BodySubscribers.fromSubscriber(new Flow.Subscriber<List<ByteBuffer>>() {
                    @Override
                    public void onSubscribe(Flow.Subscription s) {
                        subscription = s;
                        s.request(BODY_WINDOW);
                    }

                    @Override
                    public void onNext(List<ByteBuffer> item) {
                        signals.offer(new Chunk(item));
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        signals.offer(new Failed(throwable));
                    }

                    @Override
                    public void onComplete() {
                        signals.offer(END);
                    }
                });
            });
            future.whenComplete((r, t) -> {
                if (t != null) {
                    signals.offer(new Failed(t));
                }
            });
            try {
                return consume(request.uri());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort();
                return new ExchangeResult.Cancelled(afterDelta);
            } finally {
                if (!future.isDone()) {
                    abort();
                }
            }
        }

        private void abort() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            if (future != null) {
                future.cancel(true);
            }
        }

        private ExchangeResult failed(WireCodec.ProtocolException e) {
            if (e instanceof WireCodec.VendorStreamError v) {
                return new ExchangeResult.StreamError(v.problem, afterDelta);
            }
            return new ExchangeResult.ProtocolError(e.getMessage(), afterDelta);
        }

        private ExchangeResult consume(URI uri) throws InterruptedException {
            boolean validate = call.kind() == Kind.VALIDATE;
            long start = System.nanoTime();
            long firstDeadline = start + (validate ? timeouts.validation() : timeouts.firstByte()).toNanos();
            boolean firstByte = false;
            Head head = null;
            ByteArrayOutputStream errorBody = null;
            WireCodec.StreamDecoder decoder = codec.decoder();
            WireCodec.ProtocolException[] failure = new WireCodec.ProtocolException[1];
            SseParser parser = new SseParser(ev -> {
                if (failure[0] != null || decoder.done) {
                    return;
                }
                try {
                    decoder.onEvent(ev, deltas);
                } catch (WireCodec.ProtocolException e) {
                    failure[0] = e;
                }
            });
            while (true) {
                long wait = (!firstByte || validate) ? firstDeadline - System.nanoTime() : timeouts.silence().toNanos();
                Object signal = wait <= 0 ? null : signals.poll(wait, TimeUnit.NANOSECONDS);
                if (signal == null) {
                    abort();
                    return new ExchangeResult.NetworkError(
                            firstByte && !validate ? NetFailure.STREAM_SILENT : NetFailure.FIRST_BYTE_TIMEOUT,
                            afterDelta);
                }
                if (signal == CANCEL) {
                    abort();
                    return new ExchangeResult.Cancelled(afterDelta);
                }
                if (signal instanceof Failed f) {
                    abort();
                    return new ExchangeResult.NetworkError(classify(f.error(), head != null), afterDelta);
                }
                if (signal instanceof Head h) {
                    head = h;
                    call.observer().responseStatus(h.status());
                    if (isRedirect(h.status())) {
                        abort();
                        return new ExchangeResult.Redirect(h.status(),
                                h.headers().firstValue("Location").map(l -> location(uri, l)).orElse(null));
                    }
                    if (h.status() < 200 || h.status() > 299 || validate) {
                        errorBody = new ByteArrayOutputStream();
                    }
                    continue;
                }
                if (signal instanceof Chunk c) {
                    for (ByteBuffer b : c.buffers()) {
                        if (b.hasRemaining()) {
                            firstByte = true;
                        }
                        if (errorBody != null) {
                            int room = (validate ? MAX_VALIDATION_BODY : MAX_ERROR_BODY) - errorBody.size();
                            int n = Math.min(room, b.remaining());
                            if (n > 0) {
                                byte[] bytes = new byte[n];
                                b.get(bytes);
                                errorBody.write(bytes, 0, n);
                            }
                        } else {
                            try {
                                parser.feed(b);
                            } catch (IllegalStateException e) {
                                failure[0] = new WireCodec.ProtocolException("line too long");
                            }
                            if (failure[0] != null) {
                                abort();
                                return failed(failure[0]);
                            }
                            if (decoder.done) {
                                abort();
                                return new ExchangeResult.Completed(decoder.inputTokens, decoder.outputTokens);
                            }
                        }
                    }
                    Flow.Subscription s = subscription;
                    if (s != null) {
                        s.request(1);
                    }
                    continue;
                }
                if (signal == END) {
                    if (head == null) {
                        return new ExchangeResult.ProtocolError("no response", afterDelta);
                    }
                    if (head.status() >= 200 && head.status() <= 299 && validate) {
                        byte[] body = errorBody.toByteArray();
                        return body.length < MAX_VALIDATION_BODY && WireCodec.parse(body) == null
                                ? new ExchangeResult.ProtocolError("answer is not JSON", false)
                                : new ExchangeResult.Completed(-1, -1);
                    }
                    if (errorBody != null) {
                        byte[] body = errorBody.toByteArray();
                        Duration asked = retryAfter(head.headers(), clock);
                        if (asked == null) {
                            asked = codec.bodyRetryDelay(body);
                        }
                        return new ExchangeResult.HttpError(head.status(), asked,
                                codec.problem(head.status(), body));
                    }
                    parser.finish();
                    if (failure[0] != null) {
                        return failed(failure[0]);
                    }
                    if (decoder.done || decoder.completesAtEof()) {
                        return new ExchangeResult.Completed(decoder.inputTokens, decoder.outputTokens);
                    }
                    return new ExchangeResult.NetworkError(NetFailure.STREAM_BROKEN, afterDelta);
                }
            }
        }
    }
}
