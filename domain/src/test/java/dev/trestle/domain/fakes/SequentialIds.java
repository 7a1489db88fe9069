package dev.trestle.domain.fakes;

import dev.trestle.domain.model.Ulid;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.IdGeneratorPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Valid, strictly increasing ULIDs for tests: the time part comes from a clock (or a fixed instant) and never goes
 * back, the random part is a counter. Every issued id is remembered.
 */
public final class SequentialIds implements IdGeneratorPort {
    private final ClockPort clock;
    private final long fixedMillis;
    private final List<String> issued = new ArrayList<>();
    private long lastMillis = Long.MIN_VALUE;
    private long counter;

    /** Ids at a fixed time ({@link FakeClock#DEFAULT_START}), ordered by the counter. */
    public SequentialIds() {
        this.clock = null;
        this.fixedMillis = FakeClock.DEFAULT_START.toEpochMilli();
    }

    /** Ids whose time part follows {@code clock}. */
    public SequentialIds(ClockPort clock) {
        this.clock = clock;
        this.fixedMillis = 0;
    }

    @Override
    public synchronized String newUlid() {
        long millis = Math.max(clock == null ? fixedMillis : clock.now().toEpochMilli(), lastMillis);
        lastMillis = millis;
        counter++;
        byte[] random = new byte[10];
        long c = counter;
        for (int i = 9; i >= 0; i--) {
            random[i] = (byte) (c & 0xFF);
            c >>>= 8;
        }
        String id = Ulid.format(millis, random);
        issued.add(id);
        return id;
    }

    /** Every id issued so far, in order. */
    public synchronized List<String> issued() {
        return List.copyOf(issued);
    }

    /** The most recent id; fails when none was issued. */
    public synchronized String last() {
        if (issued.isEmpty()) {
            throw new IllegalStateException("no id issued yet");
        }
        return issued.get(issued.size() - 1);
    }

    /** The time an id issued by this generator encodes (for assertions). */
    public static Instant timeOf(String ulid) {
        String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        long t = 0;
        for (int i = 0; i < 10; i++) {
            t = (t << 5) | alphabet.indexOf(ulid.charAt(i));
        }
        return Instant.ofEpochMilli(t);
    }
}
