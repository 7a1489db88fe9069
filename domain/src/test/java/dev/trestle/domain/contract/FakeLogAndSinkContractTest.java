package dev.trestle.domain.contract;

import dev.trestle.domain.fakes.InMemoryEngineLog;
import dev.trestle.domain.fakes.InMemoryWorkbenchEventLog;
import dev.trestle.domain.fakes.RecordingEventSink;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.EventSinkPort;
import dev.trestle.domain.port.out.WorkbenchEventLogPort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/**
 * The in-memory fakes of the write-only ports pass the same contracts as their real adapters
 * ({@code JsonLinesEngineLogContractTest}, {@code FileSystemStorePortsContractTest}, {@code RpcEventSinkContractTest}).
 */
class FakeLogAndSinkContractTest {

    static Map<String, String> text(Map<String, ?> values) {
        Map<String, String> out = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((k, v) -> out.put(k, v == null ? null : String.valueOf(v)));
        }
        return out;
    }

    @Nested
    class EngineLog extends EngineLogPortContract {
        private final InMemoryEngineLog log = new InMemoryEngineLog();

        @Override
        protected EngineLogPort newLog() {
            return log;
        }

        @Override
        protected List<Line> lines() {
            return log.entries().stream().map(e -> new Line(e.level(), e.event(), text(e.fields()))).toList();
        }
    }

    @Nested
    class EventSink extends EventSinkPortContract {
        private final RecordingEventSink sink = new RecordingEventSink();

        @Override
        protected EventSinkPort newSink() {
            return sink;
        }

        @Override
        protected List<String> delivered() {
            return sink.events().stream().map(EngineEvent::workbenchId).toList();
        }
    }

    @Nested
    class WorkbenchEventLog extends WorkbenchEventLogPortContract {
        private final InMemoryWorkbenchEventLog log = new InMemoryWorkbenchEventLog();

        @Override
        protected WorkbenchEventLogPort newLog() {
            return log;
        }

        @Override
        protected List<Event> events(String workbenchId) {
            return log.entries(workbenchId).stream().map(e -> new Event(e.kind(),
                    e.error() == null ? null : e.error().errorCode().name(), text(e.metadata()))).toList();
        }
    }
}
