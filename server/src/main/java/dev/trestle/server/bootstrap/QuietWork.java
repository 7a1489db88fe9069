package dev.trestle.server.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Work that may wait until the engine is quiet: each task runs once, as soon as no request has been in flight for
 * {@code quiet} (counted from {@link #start()}, then from the end of the last request). What the first requests after a
 * start pay for (a 10 MB encoder table read into tens of MB of objects, and the garbage collections that follow it)
 * is thereby paid between them instead of on top of them ({@code docs/performance.md}).
 * <p>
 * Requests mark themselves with {@link #begin()} and {@link #end()}; {@link #requestPool(ThreadFactory)} builds an
 * executor whose tasks do so. A task added after the quiet point ran starts at the next quiet point (at once if the
 * engine is idle). Tasks run on the timer's thread and hand anything long to their own executor.
 */
public final class QuietWork {
    /** Schedules a check; production uses a {@link ScheduledExecutorService}. */
    @FunctionalInterface
    public interface Timer {
        void schedule(Runnable check, long delayNanos);

        static Timer of(ScheduledExecutorService executor) {
            return (check, delay) -> {
                try {
                    executor.schedule(check, delay, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // the process is stopping: nothing is worth preparing any more
                }
            };
        }
    }

    private final long quietNanos;
    private final LongSupplier nanoTime;
    private final Timer timer;
    private final List<Runnable> pending = new ArrayList<>();
    private int inFlight;
    private long lastEnd;
    private boolean started;
    private boolean scheduled;
    private int ran;

    public QuietWork(long quietNanos, LongSupplier nanoTime, Timer timer) {
        if (quietNanos < 0) {
            throw new IllegalArgumentException("quietNanos < 0");
        }
        this.quietNanos = quietNanos;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.timer = Objects.requireNonNull(timer, "timer");
    }

    /** Adds a task; it runs at the next quiet point after {@link #start()}. */
    public void add(Runnable task) {
        Objects.requireNonNull(task, "task");
        synchronized (this) {
            pending.add(task);
            if (!started || scheduled) {
                return;
            }
            scheduled = true;
        }
        timer.schedule(this::check, remaining());
    }

    /** Starts counting quiet time from now. */
    public void start() {
        synchronized (this) {
            if (started) {
                return;
            }
            started = true;
            lastEnd = nanoTime.getAsLong();
            if (pending.isEmpty()) {
                return;
            }
            scheduled = true;
        }
        timer.schedule(this::check, quietNanos);
    }

    /** A request started. */
    public synchronized void begin() {
        inFlight++;
    }

    /** A request ended (every {@link #begin()} has exactly one). */
    public synchronized void end() {
        if (inFlight > 0) {
            inFlight--;
        }
        lastEnd = nanoTime.getAsLong();
    }

    /** How many tasks have run so far. */
    public synchronized int ran() {
        return ran;
    }

    private synchronized long remaining() {
        return Math.max(0, quietNanos - (nanoTime.getAsLong() - lastEnd));
    }

    /** Runs the pending tasks if the engine has been quiet long enough, else looks again when it could be. */
    private void check() {
        List<Runnable> due;
        long again;
        synchronized (this) {
            long quietFor = nanoTime.getAsLong() - lastEnd;
            if (inFlight == 0 && quietFor >= quietNanos) {
                due = new ArrayList<>(pending);
                pending.clear();
                scheduled = false;
                again = -1;
            } else {
                due = List.of();
                // busy: look again one quiet period after now (a request's end moves the point further)
                again = inFlight > 0 ? quietNanos : quietNanos - quietFor;
            }
        }
        if (again >= 0) {
            timer.schedule(this::check, again);
            return;
        }
        for (Runnable task : due) {
            try {
                task.run();
            } catch (RuntimeException e) {
                // a preparation that fails leaves the work to the first request that needs it
            }
            synchronized (this) {
                ran++;
            }
        }
    }

    /**
     * An executor for requests (threads made on demand, kept a minute, like a cached pool) whose every task counts as
     * in flight from its start to its end.
     */
    public ThreadPoolExecutor requestPool(ThreadFactory threads) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threads) {
            @Override
            protected void beforeExecute(Thread t, Runnable r) {
                begin();
            }

            @Override
            protected void afterExecute(Runnable r, Throwable t) {
                end();
            }
        };
    }
}
