package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ArrivalOrderTest {
    private final ArrivalOrder order = new ArrivalOrder();

    @Test
    void later_tickets_wait_until_every_earlier_ticket_of_the_same_workbench_is_released() throws Exception {
        ArrivalOrder.Ticket first = order.admit("W");
        ArrivalOrder.Ticket second = order.admit("W");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> late = CompletableFuture.runAsync(() -> {
            second.awaitTurn(CancelToken.NONE);
            log.add("second");
        });
        first.awaitTurn(CancelToken.NONE);
        log.add("first");
        assertThat(late).isNotDone();
        first.release();
        late.get(10, TimeUnit.SECONDS);
        assertThat(log).containsExactly("first", "second");
    }

    @Test
    void other_workbenches_are_not_held_up() {
        order.admit("W");
        ArrivalOrder.Ticket other = order.admit("V");
        other.awaitTurn(CancelToken.NONE);
        other.release();
    }

    @Test
    void a_cancel_while_waiting_gives_up_the_place_and_lets_later_tickets_through() throws Exception {
        ArrivalOrder.Ticket first = order.admit("W");
        ArrivalOrder.Ticket second = order.admit("W");
        ArrivalOrder.Ticket third = order.admit("W");
        Token token = new Token();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Void> cancelled = CompletableFuture.runAsync(() -> {
            waiting.countDown();
            second.awaitTurn(token);
        });
        waiting.await(10, TimeUnit.SECONDS);
        token.cancel();
        assertThatThrownBy(() -> cancelled.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CancellationException.class);
        first.release();
        third.awaitTurn(CancelToken.NONE);
        third.release();
    }

    @Test
    void release_is_idempotent() {
        ArrivalOrder.Ticket t = order.admit("W");
        t.release();
        t.release();
        ArrivalOrder.Ticket next = order.admit("W");
        next.awaitTurn(CancelToken.NONE);
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
