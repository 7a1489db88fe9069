package dev.trestle.domain.fakes;

import dev.trestle.domain.port.out.ClockPort;
import java.time.Duration;
import java.time.Instant;

/** A settable clock for tests: {@link #nanoTime()} moves exactly as far as the wall clock is advanced. */
public final class FakeClock implements ClockPort {
    /** The default start, a fixed and readable instant. */
    public static final Instant DEFAULT_START = Instant.parse("2025-01-15T10:00:00.000Z");

    private Instant now;
    private long nanos;

    public FakeClock() {
        this(DEFAULT_START);
    }

    public FakeClock(Instant start) {
        this.now = start;
        this.nanos = 1_000_000_000L;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    /** Moves both clocks forward; a negative amount is refused (monotonic time never goes back). */
    public synchronized FakeClock advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a clock is advanced forward only");
        }
        now = now.plus(amount);
        nanos += amount.toNanos();
        return this;
    }

    public FakeClock advanceMillis(long millis) {
        return advance(Duration.ofMillis(millis));
    }

    /**
     * Sets the wall clock (it may jump back, as a real one can); the monotonic clock moves forward by the jump when
     * it is forward and stays put otherwise.
     */
    public synchronized FakeClock set(Instant instant) {
        Duration jump = Duration.between(now, instant);
        if (!jump.isNegative()) {
            nanos += jump.toNanos();
        }
        now = instant;
        return this;
    }
}
