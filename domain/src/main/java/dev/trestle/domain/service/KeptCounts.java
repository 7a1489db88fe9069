package dev.trestle.domain.service;

import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.ScopeHash;
import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.TokenCountCachePort;
import dev.trestle.domain.port.out.TokenCounterPort;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The base-encoding token counts of {@link TokenAccounting}, in memory and kept across restarts in a
 * {@link TokenCountCachePort}, so a reopen of an unchanged Workbench and conversation counts nothing (the encoder is
 * not even needed). Every count is kept by a 64-digit lowercase hex key:
 * <ul>
 * <li>a text file's section body by its content SHA-256 ({@link FileEntry#sha256()}), as before;</li>
 * <li>a file's wrapper (manifest line and section heading, one count for both) by the SHA-256 of
 * {@code "wrapper" NUL line NUL head};</li>
 * <li>any other text (system intro, no-files line, placeholders, messages) by the SHA-256 of
 * {@code "text" NUL text}.</li>
 * </ul>
 * The kind name and NUL before the hashed text keep the kinds apart: a message, a wrapper and a body of the same text
 * never share a key (a body could only meet a derived key if a file's bytes were exactly such a kind-prefixed string).
 * Each key names the exact text counted, so new kinds of key need no new {@link #TAG}: only a change of the counting
 * rules does.
 * <p>
 * Loaded once before the first lookup. Counts made during one computation ({@link #batch}) are recorded in one call;
 * outside a batch each count is recorded at once. A failing cache is logged and changes nothing else: the counts stay
 * in memory and are counted again after the next restart.
 */
final class KeptCounts {
    /** The rules kept counts are valid for (encoding, body form, truncation); counts kept under another tag drop. */
    static final String TAG = "o200k_base;body=" + PromptBuilder.BODY_FORM + ";max=" + PromptBuilder.MAX_FILE_BYTES;

    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ScopeHash::sha256);

    private final TokenCounterPort counter;
    private final TokenCountCachePort cache;
    private final EngineLogPort log;
    /** Every count known, by key: the kept ones, then each one counted. */
    private final Map<String, Integer> known = new ConcurrentHashMap<>();
    /** Wrapper counts by manifest line (it names all the heading names), so a known wrapper hashes nothing. */
    private final Map<String, Integer> wrappers = new ConcurrentHashMap<>();
    /** Counts of the prompt's own fixed texts (a bounded few), by text. */
    private final Map<String, Integer> fixed = new ConcurrentHashMap<>();
    /** The counts made by this thread's current {@link #batch}, or null outside one. */
    private final ThreadLocal<Map<String, Integer>> batch = new ThreadLocal<>();
    private volatile boolean loaded;

    KeptCounts(TokenCounterPort counter, TokenCountCachePort cache, EngineLogPort log) {
        this.counter = counter;
        this.cache = cache;
        this.log = log;
    }

    /** The key of a derived count: SHA-256 hex of {@code kind} NUL {@code parts} joined by NUL. */
    static String key(String kind, String... parts) {
        MessageDigest md = SHA256.get();
        md.reset();
        md.update(kind.getBytes(StandardCharsets.UTF_8));
        for (String p : parts) {
            md.update((byte) 0);
            md.update(p.getBytes(StandardCharsets.UTF_8));
        }
        return HEX.formatHex(md.digest());
    }

    /**
     * Runs {@code work}, recording the counts it makes in one call at the end (nested batches join the outer one).
     */
    <T> T batch(Supplier<T> work) {
        if (batch.get() != null) {
            return work.get();
        }
        Map<String, Integer> counted = new HashMap<>();
        batch.set(counted);
        try {
            return work.get();
        } finally {
            batch.remove();
            record(counted);
        }
    }

    // ---- bodies, by content hash ----

    /** Whether the body of content {@code sha256} is counted. */
    boolean hasBody(String sha256) {
        load();
        return known.containsKey(sha256);
    }

    /** The tokens of the body of content {@code sha256}, or null while not counted. */
    Integer body(String sha256) {
        load();
        return known.get(sha256);
    }

    /** Keeps {@code tokens} as the count of the body of content {@code sha256}. */
    void putBody(String sha256, int tokens) {
        known.put(sha256, tokens);
        added(sha256, tokens);
    }

    /** The tokens of the body of content {@code sha256}, counting {@code body} (its text) when not known. */
    int body(String sha256, String body) {
        Integer n = body(sha256);
        if (n == null) {
            n = counter.count(body);
            putBody(sha256, n);
        }
        return n;
    }

    // ---- derived counts ----

    /** The tokens of {@code f}'s manifest line plus its section heading. */
    int wrapper(FileEntry f) {
        String line = PromptBuilder.manifestLine(f);
        Integer n = wrappers.get(line);
        if (n == null) {
            String head = PromptBuilder.sectionHead(f);
            n = derived(key("wrapper", line, head), () -> counter.count(line) + counter.count(head));
            wrappers.put(line, n);
        }
        return n;
    }

    /** The tokens of one of the prompt's fixed texts (intro, no-files line, a placeholder), remembered by text. */
    int fixed(String text) {
        Integer n = fixed.get(text);
        if (n == null) {
            n = text(text);
            fixed.put(text, n);
        }
        return n;
    }

    /** The tokens of {@code text} (a message's, say); an empty or absent text is none, without asking the counter. */
    int text(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return derived(key("text", text), () -> counter.count(text));
    }

    private int derived(String key, Supplier<Integer> count) {
        load();
        Integer n = known.get(key);
        if (n == null) {
            n = count.get();
            known.put(key, n);
            added(key, n);
        }
        return n;
    }

    // ---- the cache ----

    private void load() {
        if (loaded) {
            return;
        }
        synchronized (this) {
            if (loaded) {
                return;
            }
            try {
                cache.loadAll(TAG).forEach(known::putIfAbsent);
            } catch (RuntimeException e) {
                log.warn("token_counts_unreadable", Map.of("exception", e.getClass().getName()));
            }
            loaded = true;
        }
    }

    private void added(String key, int tokens) {
        Map<String, Integer> b = batch.get();
        if (b != null) {
            b.put(key, tokens);
        } else {
            record(Map.of(key, tokens));
        }
    }

    /** Records one batch of new counts (nothing when empty). */
    private void record(Map<String, Integer> counted) {
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
