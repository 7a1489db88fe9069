package dev.trestle.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.port.out.WorkbenchEventLogPort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WorkbenchEventLogPort} must do: append one event per call to that Workbench's log, in order,
 * with its kind, its error's code and its metadata; Workbenches do not see each other's events.
 */
public abstract class WorkbenchEventLogPortContract {
    /** One event as a reader of the Workbench's log sees it; metadata values as text. */
    public record Event(String kind, String errorCode, Map<String, String> metadata) {
    }

    protected static final String W_A = "01JAAAAAAAAAAAAAAAAAAAAAA1";
    protected static final String W_B = "01JAAAAAAAAAAAAAAAAAAAAAA2";

    private WorkbenchEventLogPort log;

    /** A log where the Workbenches {@link #W_A} and {@link #W_B} exist. */
    protected abstract WorkbenchEventLogPort newLog() throws Exception;

    /** The events of one Workbench, oldest first. */
    protected abstract List<Event> events(String workbenchId) throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        log = newLog();
    }

    @Test
    void events_append_in_order_with_kind_error_and_metadata() throws Exception {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("files", 2);
        meta.put("path", "notes.md");
        log.append(W_A, "files_added", null, meta);
        log.append(W_A, "publish_failed", ErrorInfo.of(ErrorCode.DISK_FULL, Phase.PUBLISH), Map.of());
        List<Event> events = events(W_A);
        assertThat(events).extracting(Event::kind).containsExactly("files_added", "publish_failed");
        assertThat(events.get(0).errorCode()).isNull();
        assertThat(events.get(0).metadata()).containsEntry("files", "2").containsEntry("path", "notes.md");
        assertThat(events.get(1).errorCode()).isEqualTo("DISK_FULL");
    }

    @Test
    void each_workbench_has_its_own_log() throws Exception {
        log.append(W_A, "created", null, null);
        log.append(W_B, "opened", null, null);
        log.append(W_A, "files_added", null, null);
        assertThat(events(W_A)).extracting(Event::kind).containsExactly("created", "files_added");
        assertThat(events(W_B)).extracting(Event::kind).containsExactly("opened");
    }
}
