package dev.trestle.domain.fakes;

import dev.trestle.domain.port.out.TokenCountCachePort;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** {@link TokenCountCachePort} in memory; counts its calls so tests can see what was loaded and recorded. */
public final class InMemoryTokenCountCache implements TokenCountCachePort {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Map<String, Integer> counts = new HashMap<>();
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicInteger records = new AtomicInteger();
    private String tag;

    @Override
    public synchronized Map<String, Integer> loadAll(String tag) {
        loads.incrementAndGet();
        return tag.equals(this.tag) ? new HashMap<>(counts) : new HashMap<>();
    }

    @Override
    public synchronized void record(String tag, Map<String, Integer> batch) {
        records.incrementAndGet();
        if (!tag.equals(this.tag)) {
            this.tag = tag;
            counts.clear();
        }
        batch.forEach((sha, n) -> {
            if (sha != null && SHA256.matcher(sha).matches() && n != null && n >= 0) {
                counts.put(sha, n);
            }
        });
    }

    /** Calls of {@link #loadAll} so far. */
    public int loads() {
        return loads.get();
    }

    /** Calls of {@link #record} so far (batches, not entries). */
    public int records() {
        return records.get();
    }
}
