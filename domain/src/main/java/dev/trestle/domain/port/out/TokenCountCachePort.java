package dev.trestle.domain.port.out;

import java.util.Map;

/**
 * Base-encoding token counts by a SHA-256 key (a text file body's content hash, or the hash of a kind-prefixed text:
 * a file's wrapper, a fixed text, a message), kept across restarts so a reopen does not count again what was counted
 * before ({@code storage.md} §2, {@code token_counts.tsv}). A cache, never user data:
 * counts are valid only for the counting rules named by {@code tag} (encoding and body form), and storage written
 * under another tag reads as empty. Reads never fail (missing or corrupt storage is empty); a failed write throws and
 * is the caller's to log, never fatal.
 */
public interface TokenCountCachePort {
    /** Every stored count by key (lowercase hex SHA-256), if the storage was written under {@code tag}; else empty. */
    Map<String, Integer> loadAll(String tag);

    /**
     * Adds {@code counts} (one batch; a later count for the same key wins). Entries that are not a 64-digit lowercase
     * hex key with a count of at least 0 are not stored. Storage written under another tag is started over under
     * {@code tag}.
     */
    void record(String tag, Map<String, Integer> counts);
}
