package dev.trestle.domain.port.out;

import java.time.Instant;

/** Wall-clock time (injected so tests control it). */
public interface ClockPort {
    Instant now();

    /** Monotonic nanoseconds, for throttling. */
    long nanoTime();
}
