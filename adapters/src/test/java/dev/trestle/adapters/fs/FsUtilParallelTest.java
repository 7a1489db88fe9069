package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** {@link FsUtil#parallelFor}: every index once, from pooled threads, failures surface on the caller. */
class FsUtilParallelTest {
    @Test
    void every_index_runs_exactly_once_whatever_the_thread_count() {
        for (int threads : new int[] {1, 2, 4, 8}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(1000);
            FsUtil.parallelFor(1000, threads, runs::incrementAndGet);
            for (int i = 0; i < 1000; i++) {
                assertThat(runs.get(i)).as("index %d with %d threads", i, threads).isEqualTo(1);
            }
        }
        FsUtil.parallelFor(0, 4, i -> {
            throw new AssertionError("no index to run");
        });
    }

    @Test
    void helpers_are_reused_threads_not_one_new_thread_per_call() {
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        Thread caller = Thread.currentThread();
        for (int round = 0; round < 50; round++) {
            java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);
            FsUtil.parallelFor(2, 2, i -> {
                seen.add(Thread.currentThread());
                both.countDown();
                try {
                    // each index waits for the other, so both run at once: one on the caller, one on a helper
                    both.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        seen.remove(caller);
        assertThat(seen).isNotEmpty().hasSizeLessThan(50);
    }

    @Test
    void an_unchecked_failure_on_a_helper_reaches_the_caller_after_all_indexes_stopped() {
        AtomicIntegerArray runs = new AtomicIntegerArray(100);
        assertThatThrownBy(() -> FsUtil.parallelFor(100, 4, i -> {
            runs.incrementAndGet(i);
            if (i == 37) {
                throw new IllegalStateException("boom");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        for (int i = 0; i < 100; i++) {
            assertThat(runs.get(i)).isLessThanOrEqualTo(1);
        }
    }
}
