package dev.trestle.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.Ulid;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.IdGeneratorPort;
import dev.trestle.domain.port.out.SleeperPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the small system ports must do, for the fakes the service tests use ({@code SequentialIds}, {@code FakeClock},
 * {@code RecordingSleeper}) and the adapters the engine runs with ({@code UlidGenerator}, {@code SystemClock},
 * {@code CancellableSleeper}).
 */
public abstract class SystemPortsContract {
    protected abstract IdGeneratorPort ids();

    protected abstract ClockPort clock();

    protected abstract SleeperPort sleeper();

    /** A token that is already cancelled. */
    private static final CancelToken CANCELLED = new CancelToken() {
        @Override
        public boolean isCancelled() {
            return true;
        }

        @Override
        public void onCancel(Runnable action) {
            action.run();
        }
    };

    @Test
    void ids_are_valid_distinct_ulids_in_increasing_order() {
        IdGeneratorPort port = ids();
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            issued.add(port.newUlid());
        }
        assertThat(issued).allMatch(Ulid::isValid);
        assertThat(new HashSet<>(issued)).hasSize(issued.size());
        assertThat(issued).isSorted();
    }

    @Test
    void the_clock_never_goes_back() {
        ClockPort port = clock();
        long n1 = port.nanoTime();
        var t1 = port.now();
        long n2 = port.nanoTime();
        var t2 = port.now();
        assertThat(n2).isGreaterThanOrEqualTo(n1);
        assertThat(t2).isAfterOrEqualTo(t1);
    }

    @Test
    void a_sleep_for_a_cancelled_request_reports_the_cancel() {
        assertThat(sleeper().sleep(Duration.ofSeconds(30), CANCELLED)).isFalse();
    }

    @Test
    void a_zero_sleep_returns_true() {
        assertThat(sleeper().sleep(Duration.ZERO, CancelToken.NONE)).isTrue();
    }
}
