package dev.trestle.adapters.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.fakes.FakeClock;
import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.Ulid;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SystemPortsTest {

    /** A token a test cancels by hand; actions registered before or after the cancel run once. */
    private static final class ManualToken implements CancelToken {
        private final List<Runnable> actions = new ArrayList<>();
        private final CountDownLatch registered = new CountDownLatch(1);
        private boolean cancelled;

        @Override
        public synchronized boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void onCancel(Runnable action) {
            boolean runNow;
            synchronized (this) {
                runNow = cancelled;
                if (!runNow) {
                    actions.add(action);
                }
            }
            registered.countDown();
            if (runNow) {
                action.run();
            }
        }

        void cancel() {
            List<Runnable> toRun;
            synchronized (this) {
                cancelled = true;
                toRun = List.copyOf(actions);
                actions.clear();
            }
            toRun.forEach(Runnable::run);
        }
    }

    @Test
    void system_clock_has_millisecond_precision_and_moves_forward() {
        SystemClock clock = new SystemClock();
        Instant a = clock.now();
        assertThat(a.getNano() % 1_000_000).isZero();
        long n1 = clock.nanoTime();
        assertThat(clock.nanoTime()).isGreaterThanOrEqualTo(n1);
    }

    @Test
    void ulids_are_valid_and_strictly_increasing_within_one_millisecond() {
        UlidGenerator ids = new UlidGenerator(new FakeClock());
        String previous = ids.newUlid();
        for (int i = 0; i < 1000; i++) {
            String next = ids.newUlid();
            assertThat(Ulid.isValid(next)).isTrue();
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
    }

    @Test
    void ulids_keep_increasing_when_the_clock_steps_back() {
        FakeClock clock = new FakeClock();
        UlidGenerator ids = new UlidGenerator(clock);
        String a = ids.newUlid();
        clock.set(FakeClock.DEFAULT_START.minusSeconds(5));
        assertThat(ids.newUlid()).isGreaterThan(a);
    }

    @Test
    void ulids_take_the_clock_time() {
        FakeClock clock = new FakeClock();
        UlidGenerator ids = new UlidGenerator(clock);
        String a = ids.newUlid();
        clock.advanceMillis(1);
        String b = ids.newUlid();
        assertThat(a.substring(0, 10)).isEqualTo(Ulid.format(FakeClock.DEFAULT_START.toEpochMilli(), new byte[10])
                .substring(0, 10));
        assertThat(b.substring(0, 10)).isGreaterThan(a.substring(0, 10));
    }

    @Test
    void increment_carries_and_reports_wrap() {
        byte[] v = {0, (byte) 0xFF};
        assertThat(UlidGenerator.increment(v)).isTrue();
        assertThat(v).containsExactly(1, 0);
        byte[] max = {(byte) 0xFF, (byte) 0xFF};
        assertThat(UlidGenerator.increment(max)).isFalse();
    }

    @Test
    void sleeper_returns_false_at_once_for_an_already_cancelled_token() {
        ManualToken token = new ManualToken();
        token.cancel();
        assertThat(new CancellableSleeper().sleep(Duration.ofHours(1), token)).isFalse();
    }

    @Test
    void sleeper_is_woken_by_a_cancel_during_the_wait() throws Exception {
        ManualToken token = new ManualToken();
        CompletableFuture<Boolean> slept = CompletableFuture.supplyAsync(
                () -> new CancellableSleeper().sleep(Duration.ofHours(1), token));
        assertThat(token.registered.await(30, TimeUnit.SECONDS)).isTrue();
        token.cancel();
        assertThat(slept.get(30, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void sleeper_completes_a_short_delay_without_cancel() {
        assertThat(new CancellableSleeper().sleep(Duration.ofMillis(1), CancelToken.NONE)).isTrue();
        assertThat(new CancellableSleeper().sleep(Duration.ZERO, CancelToken.NONE)).isTrue();
    }

    @Test
    void sleeper_reports_an_interrupt_as_not_completed_and_keeps_the_flag() {
        Thread.currentThread().interrupt();
        try {
            assertThat(new CancellableSleeper().sleep(Duration.ofHours(1), CancelToken.NONE)).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
