package dev.trestle.domain.fakes;

import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.EgressPolicy;
import dev.trestle.domain.model.Endpoint;
import dev.trestle.domain.model.ExchangeResult;
import dev.trestle.domain.port.out.ModelTransportPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The FakeProvider of {@code acceptance.md} §0: replaces only the HTTP transport. Like the real adapter it applies the
 * egress policy first (a refused call is recorded in {@link #blockedCalls()}, never in {@link #calls()}). Each
 * accepted call takes the next scripted step ({@code ok()} when the script is empty) and is recorded.
 */
public final class FakeProviderTransport implements ModelTransportPort {

    /** One scripted answer. */
    public interface Step {
        ExchangeResult play(DeltaListener deltas, CancelToken cancel);
    }

    private final Deque<Step> script = new ArrayDeque<>();
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<Call> blocked = Collections.synchronizedList(new ArrayList<>());

    /** Appends steps to the script. */
    public synchronized FakeProviderTransport script(Step... steps) {
        script.addAll(List.of(steps));
        return this;
    }

    /** Appends {@code step} {@code n} times. */
    public synchronized FakeProviderTransport times(int n, Step step) {
        for (int i = 0; i < n; i++) {
            script.add(step);
        }
        return this;
    }

    @Override
    public ExchangeResult exchange(Call call, DeltaListener deltas, CancelToken cancel) {
        Optional<String> violation = EgressPolicy.violation(call.provider(), call.target());
        if (violation.isPresent()) {
            blocked.add(call);
            return new ExchangeResult.Blocked(violation.get());
        }
        calls.add(call);
        Step step;
        synchronized (this) {
            step = script.isEmpty() ? ok("ok") : script.poll();
        }
        return step.play(deltas, cancel);
    }

    /** Calls that reached the (fake) network, in order. */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Calls the transport's own policy check refused (no socket). */
    public List<Call> blockedCalls() {
        synchronized (blocked) {
            return List.copyOf(blocked);
        }
    }

    /** URLs of the accepted calls, in order. */
    public List<String> urls() {
        return calls().stream().map(c -> c.target().url()).toList();
    }

    public int requestCount() {
        return calls().size();
    }

    // ---- steps ----

    /** Streams {@code deltas} and completes (usage 10 in / deltas count out). */
    public static Step ok(String... deltas) {
        return (listener, cancel) -> {
            for (String d : deltas) {
                listener.onDelta(d);
            }
            return new ExchangeResult.Completed(10, deltas.length);
        };
    }

    /** Streams {@code text} (e.g. a proposal JSON) as one delta. */
    public static Step okJson(String text) {
        return ok(text);
    }

    /** An HTTP error; a {@code Retry-After} header (seconds) is parsed like the adapter does. */
    public static Step http(int status, Map<String, String> headers) {
        Duration retryAfter = null;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().toLowerCase(Locale.ROOT).equals("retry-after")) {
                retryAfter = Duration.ofSeconds(Long.parseLong(h.getValue().trim()));
            }
        }
        Duration ra = retryAfter;
        return (listener, cancel) -> new ExchangeResult.HttpError(status, ra, false);
    }

    public static Step http(int status) {
        return http(status, Map.of());
    }

    /** A context-length rejection as the codec reports it. */
    public static Step contextLength(int status) {
        return (listener, cancel) -> new ExchangeResult.HttpError(status, null, true);
    }

    /** A network failure before any byte ({@code timeout} = first byte, {@code dns}, {@code refused}, {@code tls}…). */
    public static Step net(ExchangeResult.NetFailure kind) {
        return (listener, cancel) -> new ExchangeResult.NetworkError(kind, false);
    }

    /** Streams {@code n} deltas, then the connection breaks. */
    public static Step dropAfter(int n) {
        return (listener, cancel) -> {
            for (int i = 0; i < n; i++) {
                listener.onDelta("d" + (i + 1) + " ");
            }
            return new ExchangeResult.NetworkError(ExchangeResult.NetFailure.STREAM_BROKEN, n > 0);
        };
    }

    /** A 302 to {@code location} (parsed like the adapter: unparseable gives a null host). */
    public static Step redirect(String location) {
        Endpoint target = parse(location);
        return (listener, cancel) -> new ExchangeResult.Redirect(302, target);
    }

    public static Step protocolError() {
        return (listener, cancel) -> new ExchangeResult.ProtocolError("bad stream", false);
    }

    /**
     * Streams {@code deltas}, then holds the stream open until {@link Hold#release()} (then completes) or the cancel
     * token fires (then {@code Cancelled}). {@link Hold#awaitStarted} lets a test wait until the stream is open.
     */
    public static Hold hold(String... deltas) {
        return new Hold(deltas);
    }

    /** A held stream step, see {@link #hold}. */
    public static final class Hold implements Step {
        private final String[] deltas;
        private final CountDownLatch started = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private Hold(String[] deltas) {
            this.deltas = deltas.clone();
        }

        @Override
        public ExchangeResult play(DeltaListener listener, CancelToken cancel) {
            for (String d : deltas) {
                listener.onDelta(d);
            }
            cancel.onCancel(released::countDown);
            started.countDown();
            try {
                if (!released.await(30, TimeUnit.SECONDS)) {
                    return new ExchangeResult.NetworkError(ExchangeResult.NetFailure.STREAM_SILENT, deltas.length > 0);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new ExchangeResult.Cancelled(deltas.length > 0);
            }
            return cancel.isCancelled() ? new ExchangeResult.Cancelled(deltas.length > 0)
                    : new ExchangeResult.Completed(10, deltas.length);
        }

        public boolean awaitStarted(long timeout, TimeUnit unit) throws InterruptedException {
            return started.await(timeout, unit);
        }

        public void release() {
            released.countDown();
        }
    }

    /** Parses a URL into the policy's {@link Endpoint}; an unparseable one has a null host. */
    public static Endpoint parse(String url) {
        try {
            URI u = new URI(url);
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            if (u.getRawQuery() != null) {
                path = path + "?" + u.getRawQuery();
            }
            return new Endpoint(u.getScheme(), u.getRawUserInfo(), u.getHost(), u.getPort(), path);
        } catch (URISyntaxException e) {
            return new Endpoint(null, null, null, -1, "");
        }
    }
}
