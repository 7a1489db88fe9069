package dev.trestle.adapters.system;

import dev.trestle.domain.port.out.ClockPort;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The real clock. Wall time is truncated to milliseconds, the precision every stored time has, so a value read back
 * from a file equals the one that was written.
 */
public final class SystemClock implements ClockPort {
    @Override
    public Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
