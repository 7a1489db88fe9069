package dev.trestle.domain.fakes;

import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.port.out.SleeperPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Records every requested delay and returns at once. Returns {@code false} when the token is (or, through the
 * {@link #onSleep} hook, becomes) cancelled, as a real sleeper woken by a cancel would.
 */
public final class RecordingSleeper implements SleeperPort {
    private final List<Duration> delays = new ArrayList<>();
    private volatile Consumer<Duration> hook = d -> { };

    @Override
    public boolean sleep(Duration delay, CancelToken cancel) {
        synchronized (this) {
            delays.add(delay);
        }
        hook.accept(delay);
        return !cancel.isCancelled();
    }

    /** Runs {@code action} during each sleep (e.g. to cancel the run while it waits). */
    public void onSleep(Consumer<Duration> action) {
        this.hook = action;
    }

    public synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    /** Delays in seconds as doubles ({@code [0.5, 2.0, 8.0]}), for readable assertions. */
    public synchronized List<Double> delaySeconds() {
        return delays.stream().map(d -> d.toMillis() / 1000.0).toList();
    }
}
