package dev.trestle.server.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link QuietWork} on a hand-moved clock and a timer whose checks the test runs when their time has come. */
class QuietWorkTest {
    private static final long QUIET = 1_000;

    /** A manual clock and timer: {@link #advance(long)} runs every check that falls due. */
    private static final class Manual implements QuietWork.Timer {
        long now = 10_000;
        final List<long[]> due = new ArrayList<>();
        final List<Runnable> checks = new ArrayList<>();

        @Override
        public void schedule(Runnable check, long delayNanos) {
            due.add(new long[] {now + delayNanos});
            checks.add(check);
        }

        void advance(long nanos) {
            long until = now + nanos;
            while (true) {
                int next = -1;
                for (int i = 0; i < due.size(); i++) {
                    if (due.get(i)[0] <= until && (next < 0 || due.get(i)[0] < due.get(next)[0])) {
                        next = i;
                    }
                }
                if (next < 0) {
                    break;
                }
                now = Math.max(now, due.remove(next)[0]);
                checks.remove(next).run();
            }
            now = until;
        }
    }

    private final Manual clock = new Manual();
    private final QuietWork quiet = new QuietWork(QUIET, () -> clock.now, clock);
    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void runsOnceAfterAQuietPeriodFromStart() {
        quiet.add(runs::incrementAndGet);
        quiet.start();
        clock.advance(QUIET - 1);
        assertThat(runs).hasValue(0);
        clock.advance(1);
        assertThat(runs).hasValue(1);
        clock.advance(10 * QUIET);
        assertThat(runs).hasValue(1);
        assertThat(quiet.ran()).isEqualTo(1);
    }

    @Test
    void nothingRunsBeforeStart() {
        quiet.add(runs::incrementAndGet);
        clock.advance(10 * QUIET);
        assertThat(runs).hasValue(0);
        assertThat(clock.checks).isEmpty();
    }

    @Test
    void waitsWhileARequestIsInFlightAndCountsFromItsEnd() {
        quiet.add(runs::incrementAndGet);
        quiet.start();
        clock.advance(QUIET / 2);
        quiet.begin();
        clock.advance(5 * QUIET);
        assertThat(runs).as("a request in flight for five quiet periods").hasValue(0);
        quiet.end();
        clock.advance(QUIET - 1);
        assertThat(runs).as("quiet for less than a period since the request ended").hasValue(0);
        clock.advance(1);
        assertThat(runs).hasValue(1);
    }

    @Test
    void everyRequestEndMovesTheQuietPoint() {
        quiet.add(runs::incrementAndGet);
        quiet.start();
        for (int i = 0; i < 5; i++) {
            clock.advance(QUIET - 10);
            quiet.begin();
            quiet.end();
        }
        assertThat(runs).as("a request every 0.99 periods").hasValue(0);
        clock.advance(QUIET);
        assertThat(runs).hasValue(1);
    }

    @Test
    void overlappingRequestsKeepItBusyUntilTheLastEnds() {
        quiet.add(runs::incrementAndGet);
        quiet.start();
        quiet.begin();
        quiet.begin();
        quiet.end();
        clock.advance(3 * QUIET);
        assertThat(runs).hasValue(0);
        quiet.end();
        clock.advance(QUIET);
        assertThat(runs).hasValue(1);
    }

    @Test
    void aTaskAddedWhenIdleRunsAtTheNextQuietPoint() {
        quiet.start();
        clock.advance(5 * QUIET);
        quiet.add(runs::incrementAndGet);
        clock.advance(0);
        assertThat(runs).as("already quiet for a period: at once").hasValue(1);
        quiet.begin();
        quiet.add(runs::incrementAndGet);
        clock.advance(2 * QUIET);
        assertThat(runs).hasValue(1);
        quiet.end();
        clock.advance(QUIET);
        assertThat(runs).hasValue(2);
    }

    @Test
    void aFailingTaskDoesNotStopTheOthers() {
        quiet.add(() -> {
            throw new IllegalStateException("no encoder");
        });
        quiet.add(runs::incrementAndGet);
        quiet.start();
        clock.advance(QUIET);
        assertThat(runs).hasValue(1);
        assertThat(quiet.ran()).isEqualTo(2);
    }

    @Test
    void theRequestPoolMarksEachTaskInFlight() throws Exception {
        ThreadPoolExecutor pool = quiet.requestPool(Thread::new);
        try {
            quiet.add(runs::incrementAndGet);
            quiet.start();
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            pool.execute(() -> {
                inside.countDown();
                await(release);
            });
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            clock.advance(3 * QUIET);
            assertThat(runs).as("a request running on the pool").hasValue(0);
            release.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            clock.advance(QUIET);
            assertThat(runs).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
