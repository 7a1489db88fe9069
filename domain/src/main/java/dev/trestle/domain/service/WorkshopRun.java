package dev.trestle.domain.service;

import dev.trestle.domain.model.CancelToken;
import java.util.ArrayList;
import java.util.List;

/**
 * The one active Workshop run of a Workbench; cancellable by {@code WorkshopCancelRun} or the request's own token
 * ({@code $/cancelRequest}), which are the same thing ({@code rpc.md} §1): either way {@code onCancelRequested} runs
 * once, when the run turns cancelled.
 */
final class WorkshopRun implements CancelToken {
    private final CancelToken requestToken;
    private final Runnable onCancelRequested;
    private final List<Runnable> callbacks = new ArrayList<>();
    private boolean cancelled;
    /** Local tokens of the streamed text so far, for in-flight clutter. */
    volatile long inflightTokens;

    WorkshopRun(CancelToken requestToken, Runnable onCancelRequested) {
        this.requestToken = requestToken;
        this.onCancelRequested = onCancelRequested;
        requestToken.onCancel(this::cancel);
    }

    /** Returns true if this call turned the run cancelled. */
    boolean cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return false;
            }
            cancelled = true;
            toRun = List.copyOf(callbacks);
            callbacks.clear();
        }
        onCancelRequested.run();
        toRun.forEach(Runnable::run);
        return true;
    }

    @Override
    public synchronized boolean isCancelled() {
        return cancelled || requestToken.isCancelled();
    }

    @Override
    public void onCancel(Runnable action) {
        synchronized (this) {
            if (!cancelled) {
                callbacks.add(action);
                return;
            }
        }
        action.run();
    }
}
