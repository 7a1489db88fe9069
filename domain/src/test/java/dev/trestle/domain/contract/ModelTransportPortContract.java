package dev.trestle.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.Endpoint;
import dev.trestle.domain.model.ExchangeResult;
import dev.trestle.domain.port.out.ModelTransportPort;
import dev.trestle.domain.port.out.ModelTransportPort.Call;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ModelTransportPort} must do for the domain's model calls: stream a reply's text as deltas in
 * order and report usage; report a rate limit with its delay and a context-length rejection as such; refuse a target
 * off the provider's endpoint before anything is sent ({@code Blocked}); and never carry the API key in a result.
 * Subclasses script the provider's next answer in their own terms (a recorded step for the fake, the HTTPS simulator
 * on loopback for the real adapter).
 */
public abstract class ModelTransportPortContract {
    protected static final String KEY = "sk-contract-secret-4242";

    private ModelTransportPort transport;
    private final List<String> deltas = new CopyOnWriteArrayList<>();

    protected abstract ModelTransportPort newTransport() throws Exception;

    /** A chat call with {@link #KEY} that the transport may send. */
    protected abstract Call chat();

    /** The provider's next answer streams {@code texts}. */
    protected abstract void willStream(String... texts);

    /** The provider's next answer is 429 with {@code Retry-After: seconds}. */
    protected abstract void willRateLimit(int seconds);

    /** The provider's next answer rejects the request as longer than the model's context. */
    protected abstract void willRejectContextLength();

    /** Requests that reached the provider so far. */
    protected abstract int requestsSent();

    @BeforeEach
    void setUp() throws Exception {
        transport = newTransport();
    }

    private ExchangeResult run(Call call) {
        return transport.exchange(call, deltas::add, CancelToken.NONE);
    }

    @Test
    void a_reply_streams_its_text_in_order_and_reports_usage() {
        willStream("Two ", "files ", "here.");
        ExchangeResult r = run(chat());
        assertThat(r).isInstanceOf(ExchangeResult.Completed.class);
        assertThat(((ExchangeResult.Completed) r).outputTokens()).isPositive();
        assertThat(String.join("", deltas)).isEqualTo("Two files here.");
        assertThat(requestsSent()).isEqualTo(1);
    }

    @Test
    void a_rate_limit_carries_its_delay() {
        willRateLimit(3);
        ExchangeResult r = run(chat());
        assertThat(r).isInstanceOf(ExchangeResult.HttpError.class);
        ExchangeResult.HttpError h = (ExchangeResult.HttpError) r;
        assertThat(h.status()).isEqualTo(429);
        assertThat(h.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(h.contextLengthExceeded()).isFalse();
        assertThat(r.toString()).doesNotContain(KEY);
    }

    @Test
    void a_context_length_rejection_is_reported_as_such() {
        willRejectContextLength();
        ExchangeResult r = run(chat());
        assertThat(r).isInstanceOf(ExchangeResult.HttpError.class);
        assertThat(((ExchangeResult.HttpError) r).contextLengthExceeded()).isTrue();
        assertThat(deltas).isEmpty();
    }

    @Test
    void a_target_off_the_providers_endpoint_is_blocked_before_anything_is_sent() {
        Call call = chat();
        Endpoint elsewhere = Endpoint.https("elsewhere.example", 443, call.target().pathAndQuery());
        Call off = new Call(call.provider(), elsewhere, call.kind(), KEY, call.chat());
        ExchangeResult r = run(off);
        assertThat(r).isInstanceOf(ExchangeResult.Blocked.class);
        assertThat(requestsSent()).isZero();
        assertThat(deltas).isEmpty();
    }
}
