package dev.trestle.domain.model;

import java.util.function.Supplier;

/**
 * The cancellation token of the request the current thread is serving. The RPC layer runs every request inside
 * {@link #call}; the domain consults {@link #current()} while a request waits for its Workbench lock, so a request still
 * queued can be dropped unrun ({@code rpc.md} §1 "Cancellation").
 */
public final class CancelScope {
    private static final ThreadLocal<CancelToken> CURRENT = new ThreadLocal<>();

    private CancelScope() {
    }

    public static CancelToken current() {
        CancelToken t = CURRENT.get();
        return t == null ? CancelToken.NONE : t;
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
