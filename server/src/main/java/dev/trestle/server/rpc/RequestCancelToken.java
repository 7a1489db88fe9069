package dev.trestle.server.rpc;

import dev.trestle.domain.model.CancelToken;
import java.util.ArrayList;
import java.util.List;

/** A {@link CancelToken} fired by {@code $/cancelRequest} for one request. Thread-safe; fires at most once. */
final class RequestCancelToken implements CancelToken {
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
        runQuietly(action);
    }

    /** Fires the token; callbacks run on the calling thread. */
    void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = new ArrayList<>(actions);
            actions.clear();
        }
        toRun.forEach(RequestCancelToken::runQuietly);
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException ignored) {
            // a failing callback must not break cancellation of the others
        }
    }
}
