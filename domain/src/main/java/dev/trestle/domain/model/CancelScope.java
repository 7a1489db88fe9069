package dev.trestle.domain.model;

import java.util.function.Supplier;

/**
 * The cancellation token of the request the current thread is serving. The RPC layer runs every request inside
 * {@link #call}; the domain consults {@link #current()} while a request waits for its Workbench lock, so a request still
 * queued can be dropped unrun ({@code rpc.md} §1 "Cancellation").
 */
public final class CancelScope {
    private static final ThreadLocal<CancelToken> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<ArrivalOrder.Ticket> TICKET = new ThreadLocal<>();

    private CancelScope() {
    }

    public static CancelToken current() {
        CancelToken t = CURRENT.get();
        return t == null ? CancelToken.NONE : t;
    }

    /**
     * Runs {@code body} as a request holding {@code ticket} (may be null): its first wait for that Workbench's lock
     * first waits for every earlier admitted request ({@link ArrivalOrder}). The ticket is released when the body ends.
     */
    public static <T> T call(CancelToken token, ArrivalOrder.Ticket ticket, Supplier<T> body) {
        TICKET.set(ticket);
        try {
            return call(token, body);
        } finally {
            TICKET.remove();
            if (ticket != null) {
                ticket.release();
            }
        }
    }

    /** The current request's ticket for {@code key}, handed out once (later lock waits of the same request skip it). */
    public static ArrivalOrder.Ticket takeTicket(String key) {
        ArrivalOrder.Ticket t = TICKET.get();
        if (t == null || !t.key().equals(key)) {
            return null;
        }
        TICKET.remove();
        return t;
    }

    public static <T> T call(CancelToken token, Supplier<T> body) {
        CancelToken previous = CURRENT.get();
        CURRENT.set(token);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
