package dev.trestle.domain.service;

import static dev.trestle.domain.service.ServiceFixture.id;
import static dev.trestle.domain.service.ServiceFixture.rq;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.ArrivalOrder;
import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The one lock path: {@link WorkbenchContexts#withWorkbench}, arrival order and dropping a queued request. */
class WorkbenchContextsTest {
    private static final long WAIT_S = 10;
    private final ServiceFixture f = new ServiceFixture();

    /** A token a test fires by hand. */
    private static final class Token implements CancelToken {
        private final List<Runnable> actions = new ArrayList<>();
        private boolean cancelled;

        @Override
        public synchronized boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void onCancel(Runnable action) {
            synchronized (this) {
                if (!cancelled) {
                    actions.add(action);
                    return;
                }
            }
            action.run();
        }

        void cancel() {
            List<Runnable> toRun;
            synchronized (this) {
                cancelled = true;
                toRun = List.copyOf(actions);
            }
            toRun.forEach(Runnable::run);
        }
    }

    @Test
    void a_request_cancelled_while_queued_is_dropped_unrun_and_the_holder_finishes() throws Exception {
        String wb = f.workbenchWithNotes();
        WorkbenchContext ctx = f.workbenches.context(rq(Phase.WORKBENCH), id(wb));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> holder = CompletableFuture.supplyAsync(() ->
                f.workbenches.withWorkbench(rq(Phase.WORKBENCH), ctx, c -> {
                    holding.countDown();
                    await(release);
                    return "held";
                }));
        assertThat(holding.await(WAIT_S, TimeUnit.SECONDS)).isTrue();

        Token token = new Token();
        CountDownLatch ran = new CountDownLatch(1);
        CompletableFuture<Object> queued = CompletableFuture.supplyAsync(() ->
                f.workbenches.withWorkbench(new RequestContext(token, null, Phase.WORKBENCH), ctx, c -> {
                    ran.countDown();
                    return "ran";
                }));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (!ctx.lock.hasQueuedThreads()) {
            assertThat(queued).isNotDone();
            assertThat(System.nanoTime()).as("queued on the lock in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
        token.cancel();
        assertThat(queued).failsWithin(WAIT_S, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                .withCauseInstanceOf(CancellationException.class);
        release.countDown();
        assertThat(holder.get(WAIT_S, TimeUnit.SECONDS)).isEqualTo("held");
        assertThat(ran.getCount()).isEqualTo(1);
    }

    @Test
    void requests_reach_the_lock_in_ticket_order() throws Exception {
        String wb = f.workbenchWithNotes();
        WorkbenchContext ctx = f.workbenches.context(rq(Phase.WORKBENCH), id(wb));
        ArrivalOrder arrivals = new ArrivalOrder();
        ArrivalOrder.Ticket first = arrivals.admit(wb);
        ArrivalOrder.Ticket second = arrivals.admit(wb);
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        // the second request starts first but must wait for the first ticket
        AtomicReference<Thread> lateThread = new AtomicReference<>();
        CompletableFuture<Void> late = CompletableFuture.runAsync(() -> {
            lateThread.set(Thread.currentThread());
            f.workbenches.withWorkbench(new RequestContext(CancelToken.NONE, second, Phase.WORKBENCH), ctx, c -> {
                order.add("second");
            });
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (lateThread.get() == null || lateThread.get().getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("second request waiting for its turn in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(late).isNotDone();
        f.workbenches.withWorkbench(new RequestContext(CancelToken.NONE, first, Phase.WORKBENCH), ctx, c -> {
            order.add("first");
        });
        late.get(WAIT_S, TimeUnit.SECONDS);
        assertThat(order).containsExactly("first", "second");
    }

    @Test
    void the_ticket_is_used_by_the_first_lock_wait_only() {
        String wb = f.workbenchWithNotes();
        ArrivalOrder arrivals = new ArrivalOrder();
        RequestContext request = new RequestContext(CancelToken.NONE, arrivals.admit(wb), Phase.WORKBENCH);
        assertThat(request.takeTicket("01JAAAAAAAAAAAAAAAAAAAAAA9")).isNull();
        assertThat(request.takeTicket(wb)).isNotNull();
        assertThat(request.takeTicket(wb)).isNull();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_S, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
