package dev.trestle.adapters.system;

import dev.trestle.domain.model.Ulid;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.IdGeneratorPort;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * ULIDs from the clock and {@link SecureRandom}. Ids are strictly increasing: within one millisecond (or if the clock
 * steps back) the previous random part is incremented instead of drawn again. Thread-safe.
 */
public final class UlidGenerator implements IdGeneratorPort {
    private final ClockPort clock;
    private final SecureRandom random;
    private long lastMillis = -1;
    private final byte[] lastRandom = new byte[10];

    public UlidGenerator(ClockPort clock) {
        this(clock, new SecureRandom());
    }

    UlidGenerator(ClockPort clock, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public synchronized String newUlid() {
        long now = clock.now().toEpochMilli();
        if (now > lastMillis) {
            lastMillis = now;
            random.nextBytes(lastRandom);
        } else if (!increment(lastRandom)) {
            // 2^80 ids in one millisecond: borrow the next millisecond
            lastMillis++;
            random.nextBytes(lastRandom);
        }
        return Ulid.format(lastMillis, lastRandom);
    }

    /** Adds one to a big-endian number; false when it wrapped to zero. */
    static boolean increment(byte[] value) {
        for (int i = value.length - 1; i >= 0; i--) {
            value[i]++;
            if (value[i] != 0) {
                return true;
            }
        }
        return false;
    }
}
