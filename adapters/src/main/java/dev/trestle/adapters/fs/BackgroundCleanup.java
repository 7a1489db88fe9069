package dev.trestle.adapters.fs;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Deletes trees that nothing refers to any more (a restore's old {@code published/}, renamed to a transient
 * {@code .*.tmp-*} name, or a half-deleted Workbench folder) off the request path. Each task is keyed by the Workbench
 * it lives in so a Workbench deletion can wait for its own tasks; {@link #awaitAll()} waits for everything. Only
 * leftovers go here: a crash before a task ran leaves a transient name that startup reconciliation deletes
 * ({@code storage.md} §9).
 */
final class BackgroundCleanup implements AutoCloseable {
    /** Key of tasks that belong to no Workbench (folders directly under {@code workbenches/}). */
    static final String ENGINE = "";

    private final Executor executor;
    private final ExecutorService owned;
    private final Map<String, Integer> pending = new HashMap<>();
    private boolean closed;

    /** Production: one daemon thread, started on first use. */
    BackgroundCleanup() {
        this.owned = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "trestle-store-cleanup");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        this.executor = owned;
    }

    /** Tests: tasks run on {@code executor} (one that never runs them simulates a crash before the delete). */
    BackgroundCleanup(Executor executor) {
        this.executor = executor;
        this.owned = null;
    }

    /**
     * Deletes {@code tree} in the background; {@code onFailure} runs (on the cleanup thread) if it could not be
     * deleted completely. After {@link #close()} the delete runs inline.
     */
    void delete(String key, Path tree, Runnable onFailure) {
        Runnable task = () -> {
            try {
                if (!FsUtil.deleteTreeQuietly(tree)) {
                    onFailure.run();
                }
            } finally {
                done(key);
            }
        };
        synchronized (this) {
            if (!closed) {
                pending.merge(key, 1, Integer::sum);
                try {
                    executor.execute(task);
                    return;
                } catch (RejectedExecutionException e) {
                    // fall through: run it here
                }
            } else {
                pending.merge(key, 1, Integer::sum);
            }
        }
        task.run();
    }

    private synchronized void done(String key) {
        pending.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
        notifyAll();
    }

    /** Blocks until every task queued for {@code key} has finished. */
    synchronized void await(String key) {
        boolean interrupted = false;
        while (pending.containsKey(key)) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks until no task is queued or running. */
    synchronized void awaitAll() {
        boolean interrupted = false;
        while (!pending.isEmpty()) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the queued tasks, then stops the thread; later deletes run inline. Idempotent. */
    @Override
    public void close() {
        awaitAll();
        synchronized (this) {
            closed = true;
        }
        if (owned != null) {
            owned.shutdown();
        }
    }
}
