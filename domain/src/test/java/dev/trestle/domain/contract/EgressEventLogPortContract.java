package dev.trestle.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.port.out.EgressEventLogPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EgressEventLogPort} must do. Subclasses supply a port and may override {@link #prepareWorkbench}
 * when the log needs a Workbench to exist first.
 */
public abstract class EgressEventLogPortContract {
    protected static final String W1 = "01JAAAAAAAAAAAAAAAAAAAAAA1";
    protected static final String W2 = "01JAAAAAAAAAAAAAAAAAAAAAA2";
    protected static final Instant T0 = Instant.parse("2025-05-06T07:08:09.010Z");

    protected EgressEventLogPort port;

    protected abstract EgressEventLogPort newPort();

    /** Creates whatever a Workbench needs to exist for this log; nothing by default. */
    protected void prepareWorkbench(String workbenchId) {
    }

    @BeforeEach
    void createPort() {
        port = newPort();
        prepareWorkbench(W1);
        prepareWorkbench(W2);
    }

    private static EgressEvent chat(int n, String outcome, String code) {
        return new EgressEvent(T0.plusSeconds(n), "workshop_chat", "openai", "openai:gpt-5.2", "api.openai.com",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", outcome, code, 100L + n, 7L);
    }

    @Test
    void an_empty_log_lists_nothing() {
        assertThat(port.list(W1, 0)).isEmpty();
        assertThat(port.list(W1, 5)).isEmpty();
    }

    @Test
    void events_list_oldest_first_with_every_field() {
        EgressEvent granted = new EgressEvent(T0, "consent_granted", "openai", "openai:gpt-5.2", "api.openai.com",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", null, null, null, null);
        EgressEvent ok = chat(1, "ok", null);
        EgressEvent failed = chat(2, "error", "PROVIDER_RATE_LIMITED");
        EgressEvent blocked = new EgressEvent(T0.plusSeconds(3), "egress_blocked", "openai", "openai:gpt-5.2",
                "api.openai.com", null, "blocked", "EGRESS_BLOCKED_BY_POLICY", null, null);
        List.of(granted, ok, failed, blocked).forEach(e -> port.append(W1, e));

        assertThat(port.list(W1, 0)).containsExactly(granted, ok, failed, blocked);
    }

    @Test
    void a_positive_limit_returns_the_newest_events_oldest_first() {
        List<EgressEvent> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.add(chat(i, "ok", null));
            port.append(W1, all.get(i));
        }
        assertThat(port.list(W1, 2)).containsExactly(all.get(3), all.get(4));
        assertThat(port.list(W1, 10)).containsExactlyElementsOf(all);
    }

    @Test
    void workbenches_have_separate_logs() {
        port.append(W1, chat(1, "ok", null));
        assertThat(port.list(W2, 0)).isEmpty();
    }
}
