package dev.trestle.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.port.out.EventSinkPort;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventSinkPort} must do: deliver each event once, synchronously (delivered when {@code emit}
 * returns, so a request's notifications precede its response), in emit order, from any thread, and never throw.
 */
public abstract class EventSinkPortContract {
    private EventSinkPort sink;

    /** A sink connected to its receiver. */
    protected abstract EventSinkPort newSink();

    /** The Workbench id of each event the receiver got, oldest first. */
    protected abstract List<String> delivered();

    @BeforeEach
    void setUp() {
        sink = newSink();
    }

    @Test
    void each_event_is_delivered_once_before_emit_returns_in_order() {
        sink.emit(new EngineEvent.RunCancelRequested("wb1"));
        assertThat(delivered()).containsExactly("wb1");
        sink.emit(new EngineEvent.ProposalReady("wb2", "p1"));
        sink.emit(new EngineEvent.FilesChanged("wb3", List.of("a.md"), List.of(), List.of()));
        assertThat(delivered()).containsExactly("wb1", "wb2", "wb3");
    }

    @Test
    void a_null_event_is_ignored() {
        assertThatCode(() -> sink.emit(null)).doesNotThrowAnyException();
        sink.emit(new EngineEvent.RunCancelRequested("wb1"));
        assertThat(delivered()).containsExactly("wb1");
    }

    @Test
    void events_from_many_threads_all_arrive() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String wb = "wb" + t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        sink.emit(new EngineEvent.MessageComplete(wb, "m" + i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> got = delivered();
        assertThat(got).hasSize(200);
        for (int t = 0; t < 4; t++) {
            String wb = "wb" + t;
            assertThat(got.stream().filter(wb::equals).count()).as(wb).isEqualTo(50);
        }
    }
}
