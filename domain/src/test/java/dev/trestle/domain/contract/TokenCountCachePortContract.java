package dev.trestle.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.port.out.TokenCountCachePort;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link TokenCountCachePort} must do; subclasses supply a port over empty storage. */
public abstract class TokenCountCachePortContract {
    protected static final String TAG = "o200k_base/body-1";
    protected static final String A = "a".repeat(64);
    protected static final String B = "0123456789abcdef".repeat(4);
    protected static final String C = "c".repeat(63) + "0";

    protected TokenCountCachePort port;

    protected abstract TokenCountCachePort newPort();

    /** A second port over the same storage (a restart); the in-memory fake returns the same instance. */
    protected abstract TokenCountCachePort reopen();

    @BeforeEach
    void createPort() {
        port = newPort();
    }

    @Test
    void empty_storage_holds_no_counts() {
        assertThat(port.loadAll(TAG)).isEmpty();
    }

    @Test
    void recorded_batches_survive_a_reopen() {
        port.record(TAG, Map.of(A, 12, B, 0));
        port.record(TAG, Map.of(C, 70_000));
        assertThat(reopen().loadAll(TAG)).containsExactlyInAnyOrderEntriesOf(Map.of(A, 12, B, 0, C, 70_000));
    }

    @Test
    void a_later_count_for_the_same_hash_wins() {
        port.record(TAG, Map.of(A, 12));
        port.record(TAG, Map.of(A, 13));
        assertThat(reopen().loadAll(TAG)).containsExactlyInAnyOrderEntriesOf(Map.of(A, 13));
    }

    @Test
    void storage_written_under_another_tag_reads_as_empty_and_a_record_starts_it_over() {
        port.record(TAG, Map.of(A, 12));
        String other = "o200k_base/body-2";
        assertThat(reopen().loadAll(other)).isEmpty();
        TokenCountCachePort again = reopen();
        again.record(other, Map.of(B, 5));
        assertThat(reopen().loadAll(other)).containsExactlyInAnyOrderEntriesOf(Map.of(B, 5));
        assertThat(reopen().loadAll(TAG)).isEmpty();
    }

    @Test
    void entries_with_a_malformed_key_or_a_negative_count_are_not_stored() {
        Map<String, Integer> batch = new HashMap<>();
        batch.put(A, 1);
        batch.put(A.toUpperCase(Locale.ROOT), 2);
        batch.put("abc", 3);
        batch.put(B + "0", 4);
        batch.put(C, -1);
        batch.put("g".repeat(64), 5);
        port.record(TAG, batch);
        assertThat(reopen().loadAll(TAG)).containsExactlyInAnyOrderEntriesOf(Map.of(A, 1));
    }

    @Test
    void the_returned_map_is_a_copy() {
        port.record(TAG, Map.of(A, 12));
        try {
            port.loadAll(TAG).clear();
        } catch (UnsupportedOperationException readOnly) {
            // also fine
        }
        assertThat(port.loadAll(TAG)).hasSize(1);
    }
}
