package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Every wait here is bounded: a ticket that never gets its turn fails the test instead of hanging it. */
class ArrivalOrderTest {
    private static final long WAIT_S = 10;
    private final ArrivalOrder order = new ArrivalOrder();

    /** Waits for {@code ticket}'s turn on another thread; the future completes when it has it. */
    private static CompletableFuture<Thread> awaitTurnAsync(ArrivalOrder.Ticket ticket, CancelToken cancel,
                                                           AtomicReference<Thread> waiter) {
        return CompletableFuture.supplyAsync(() -> {
            waiter.set(Thread.currentThread());
            ticket.awaitTurn(cancel);
            return Thread.currentThread();
        });
    }

    /** Spins (bounded) until {@code waiter} is parked in {@code awaitTurn}. */
    private static void untilWaiting(AtomicReference<Thread> waiter, CompletableFuture<?> future) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (waiter.get() == null || waiter.get().getState() != Thread.State.WAITING) {
            assertThat(future).as("still waiting for its turn").isNotDone();
            assertThat(System.nanoTime()).as("parked in awaitTurn in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void later_tickets_wait_until_every_earlier_ticket_of_the_same_workbench_is_released() throws Exception {
        ArrivalOrder.Ticket first = order.admit("W");
        ArrivalOrder.Ticket second = order.admit("W");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<Thread> late = awaitTurnAsync(second, CancelToken.NONE, waiter)
                .whenComplete((t, e) -> log.add("second"));
        untilWaiting(waiter, late);
        first.awaitTurn(CancelToken.NONE);
        log.add("first");
        assertThat(late).isNotDone();
        first.release();
        late.get(WAIT_S, TimeUnit.SECONDS);
        assertThat(log).containsExactly("first", "second");
    }

    @Test
    void other_workbenches_are_not_held_up() throws Exception {
        order.admit("W");
        ArrivalOrder.Ticket other = order.admit("V");
        CompletableFuture<Thread> turn = awaitTurnAsync(other, CancelToken.NONE, new AtomicReference<>());
        assertThat(turn.get(WAIT_S, TimeUnit.SECONDS)).isNotNull();
        other.release();
    }

    @Test
    void a_cancel_while_waiting_gives_up_the_place_and_lets_later_tickets_through() throws Exception {
        ArrivalOrder.Ticket first = order.admit("W");
        ArrivalOrder.Ticket second = order.admit("W");
        ArrivalOrder.Ticket third = order.admit("W");
        Token token = new Token();
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<Thread> cancelled = awaitTurnAsync(second, token, waiter);
        untilWaiting(waiter, cancelled);
        token.cancel();
        assertThat(cancelled).failsWithin(WAIT_S, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                .withCauseInstanceOf(CancellationException.class);

        AtomicReference<Thread> thirdWaiter = new AtomicReference<>();
        CompletableFuture<Thread> last = awaitTurnAsync(third, CancelToken.NONE, thirdWaiter);
        untilWaiting(thirdWaiter, last);
        first.release();
        assertThat(last.get(WAIT_S, TimeUnit.SECONDS)).isNotNull();
        third.release();
    }

    @Test
    void release_is_idempotent_and_frees_the_line() throws Exception {
        ArrivalOrder.Ticket t = order.admit("W");
        ArrivalOrder.Ticket next = order.admit("W");
        t.release();
        t.release();
        CompletableFuture<Thread> turn = awaitTurnAsync(next, CancelToken.NONE, new AtomicReference<>());
        assertThat(turn.get(WAIT_S, TimeUnit.SECONDS)).isNotNull();
        // a second release of the first ticket must not remove a later one's place
        ArrivalOrder.Ticket after = order.admit("W");
        t.release();
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<Thread> blocked = awaitTurnAsync(after, CancelToken.NONE, waiter);
        untilWaiting(waiter, blocked);
        next.release();
        assertThat(blocked.get(WAIT_S, TimeUnit.SECONDS)).isNotNull();
    }

    private static final class Token implements CancelToken {
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final List<Runnable> actions = new ArrayList<>();

        void cancel() {
            List<Runnable> run;
            synchronized (this) {
                cancelled.set(true);
                run = List.copyOf(actions);
            }
            run.forEach(Runnable::run);
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }

        @Override
        public synchronized void onCancel(Runnable action) {
            if (cancelled.get()) {
                action.run();
            } else {
                actions.add(action);
            }
        }
    }
}
