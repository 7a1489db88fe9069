package dev.trestle.domain.fakes;

import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.port.out.EventSinkPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Keeps every emitted event in order; thread-safe; lets a test wait for an event instead of sleeping. */
public final class RecordingEventSink implements EventSinkPort {
    private final List<EngineEvent> events = new ArrayList<>();

    @Override
    public synchronized void emit(EngineEvent event) {
        if (event == null) {
            return; // as the real sink: nothing to deliver
        }
        events.add(event);
        notifyAll();
    }

    /** A snapshot of all events, oldest first. */
    public synchronized List<EngineEvent> events() {
        return List.copyOf(events);
    }

    /** Events of one type, oldest first. */
    public synchronized <T extends EngineEvent> List<T> ofType(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (EngineEvent e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /** Events whose type is not one of {@code ignored} (e.g. progress notifications), oldest first. */
    @SafeVarargs
    public final synchronized List<EngineEvent> without(Class<? extends EngineEvent>... ignored) {
        List<EngineEvent> out = new ArrayList<>();
        outer:
        for (EngineEvent e : events) {
            for (Class<? extends EngineEvent> t : ignored) {
                if (t.isInstance(e)) {
                    continue outer;
                }
            }
            out.add(e);
        }
        return out;
    }

    /** Simple class names in order, handy for sequence assertions. */
    public synchronized List<String> typeNames() {
        return events.stream().map(e -> e.getClass().getSimpleName()).toList();
    }

    public synchronized <T extends EngineEvent> Optional<T> last(Class<T> type) {
        List<T> all = ofType(type);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    public synchronized int size() {
        return events.size();
    }

    public synchronized void clear() {
        events.clear();
    }

    /**
     * Waits until an event matching {@code condition} has been emitted (it may already have been) and returns it.
     *
     * @throws AssertionError when none arrives within {@code timeout}
     */
    public synchronized EngineEvent await(Predicate<EngineEvent> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (EngineEvent e : events) {
                if (condition.test(e)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching event within " + timeout + "; got " + typeNames());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits for the first event of {@code type}. */
    public <T extends EngineEvent> T await(Class<T> type, Duration timeout) throws InterruptedException {
        return type.cast(await(type::isInstance, timeout));
    }
}
