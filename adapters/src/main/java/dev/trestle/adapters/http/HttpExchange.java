package dev.trestle.adapters.http;

import dev.trestle.adapters.http.JdkHttpModelTransport.Timeouts;
import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.ExchangeResult;
import dev.trestle.domain.model.ExchangeResult.NetFailure;
import dev.trestle.domain.port.out.ModelTransportPort.Call;
import dev.trestle.domain.port.out.ModelTransportPort.DeltaListener;
import dev.trestle.domain.port.out.ModelTransportPort.Kind;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * One exchange of {@link JdkHttpModelTransport}, after the egress gate let it through: the response's status,
 * headers and body arrive from the HTTP client's threads as signals and are consumed on the caller's thread, under
 * the {@code errors.md} §4 timeouts (first byte, silence after it, whole validation), with cancellation at any point.
 * A redirect is answered, never followed; an error or validation body is read up to a cap; a stream is fed to the
 * vendor's decoder until it is done. Failures are classified by exception class only (messages can echo URLs and
 * headers).
 */
final class HttpExchange {
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_VALIDATION_BODY = 4 * 1024 * 1024;
    /**
     * Body buffers requested ahead of the consuming thread (one more is requested per buffer consumed), so the client
     * keeps reading while a delta is relayed instead of waiting for a request per buffer; bounds the queued body.
     */
    private static final int BODY_WINDOW = 16;
    private static final Object END = new Object();
    private static final Object CANCEL = new Object();

    private final Call call;
    private final WireCodec codec;
    private final DeltaListener deltas;
    private final CancelToken cancel;
    private final Timeouts timeouts;
    private final Clock clock;
    private final LinkedBlockingQueue<Object> signals = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private CompletableFuture<HttpResponse<Void>> future;
    private boolean afterDelta;

    HttpExchange(Call call, WireCodec codec, DeltaListener deltas, CancelToken cancel, Timeouts timeouts,
                 Clock clock) {
        this.call = call;
        this.timeouts = timeouts;
        this.clock = clock;
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
                            h.headers().firstValue("Location").map(l -> JdkHttpModelTransport.location(uri, l)).orElse(null));
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
}
