package dev.trestle.domain.service;

import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.TokenCountCachePort;
import java.util.Map;

/**
 * The body token counts of {@link TokenAccounting} kept across restarts in a {@link TokenCountCachePort}: loaded once
 * before the first body is looked up, each newly counted batch recorded in one call. A failing cache is logged and
 * changes nothing else: the counts stay in memory and are counted again after the next restart.
 */
final class KeptBodyCounts {
    /** The rules kept counts are valid for (encoding, body form, truncation); counts kept under another tag drop. */
    static final String TAG = "o200k_base;body=" + PromptBuilder.BODY_FORM + ";max=" + PromptBuilder.MAX_FILE_BYTES;

    private final TokenCountCachePort cache;
    private final EngineLogPort log;
    private volatile boolean loaded;

    KeptBodyCounts(TokenCountCachePort cache, EngineLogPort log) {
        this.cache = cache;
        this.log = log;
    }

    /** Puts the kept counts into {@code bodies} (keeping what it holds), on the first call only. */
    void loadInto(Map<String, Integer> bodies) {
        if (loaded) {
            return;
        }
        synchronized (this) {
            if (loaded) {
                return;
            }
            try {
                cache.loadAll(TAG).forEach(bodies::putIfAbsent);
            } catch (RuntimeException e) {
                log.warn("token_counts_unreadable", Map.of("exception", e.getClass().getName()));
            }
            loaded = true;
        }
    }

    /** Records one batch of newly counted bodies (nothing when empty). */
    void record(Map<String, Integer> counted) {
        if (counted.isEmpty()) {
            return;
        }
        try {
            cache.record(TAG, counted);
        } catch (RuntimeException e) {
            log.warn("token_counts_save_failed", Map.of("count", counted.size(),
                    "exception", e.getClass().getName()));
        }
    }
}
