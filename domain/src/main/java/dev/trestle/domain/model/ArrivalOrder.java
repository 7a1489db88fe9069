package dev.trestle.domain.model;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;

/**
 * Keeps requests that change a Workbench in arrival order ({@code rpc.md} §1). The RPC layer admits each such request
 * on its single reader thread, in wire order, before handing it to a worker; the worker then waits for its turn
 * before queueing on the Workbench lock, so two requests sent back to back cannot overtake each other on their way to
 * the lock. A ticket is released once its request holds the lock (or gives up).
 */
public final class ArrivalOrder {
    private final Map<String, TreeSet<Long>> outstanding = new HashMap<>();
    private long next;

    /** Takes the next ticket for {@code key} (a Workbench id). */
    public synchronized Ticket admit(String key) {
        long n = next++;
        outstanding.computeIfAbsent(key, k -> new TreeSet<>()).add(n);
        return new Ticket(key, n);
    }

    private synchronized boolean isTurn(Ticket t) {
        TreeSet<Long> q = outstanding.get(t.key);
        return q == null || q.first() == t.n;
    }

    private synchronized void remove(Ticket t) {
        TreeSet<Long> q = outstanding.get(t.key);
        if (q != null && q.remove(t.n)) {
            if (q.isEmpty()) {
                outstanding.remove(t.key);
            }
            notifyAll();
        }
    }

    /** One admitted request's place in its Workbench's line. */
    public final class Ticket {
        private final String key;
        private final long n;

        private Ticket(String key, long n) {
            this.key = key;
            this.n = n;
        }

        public String key() {
            return key;
        }

        /** Blocks until every earlier ticket for the same key is released; a cancel gives up the place. */
        public void awaitTurn(CancelToken cancel) {
            cancel.onCancel(() -> {
                synchronized (ArrivalOrder.this) {
                    ArrivalOrder.this.notifyAll();
                }
            });
            synchronized (ArrivalOrder.this) {
                while (!isTurn(this)) {
                    if (cancel.isCancelled()) {
                        remove(this);
                        throw new CancellationException("cancelled while queued behind earlier requests");
                    }
                    try {
                        ArrivalOrder.this.wait();
                    } catch (InterruptedException e) {
                        remove(this);
                        Thread.currentThread().interrupt();
                        throw new CancellationException("interrupted while queued");
                    }
                }
            }
        }

        /** Leaves the line; idempotent. */
        public void release() {
            remove(this);
        }
    }
}
