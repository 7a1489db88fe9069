package dev.trestle.server.rpc;

import java.util.concurrent.CompletableFuture;

/**
 * The future LSP4J gets for a request. LSP4J calls {@link #cancel} on {@code $/cancelRequest}; here that only fires
 * the request's {@link RequestCancelToken}. The future still completes with the request's real outcome: its result,
 * its error, or a {@code CancellationException} thrown by the domain for a request dropped while queued (then
 * answered {@code -32800}).
 */
final class RequestFuture<T> extends CompletableFuture<T> {
    private final RequestCancelToken token;

    RequestFuture(RequestCancelToken token) {
        this.token = token;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        token.cancel();
        return false;
    }
}
