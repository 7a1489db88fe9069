package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trestle.domain.contract.ConsentStorePortContract;
import dev.trestle.domain.contract.ConversationPortContract;
import dev.trestle.domain.contract.EgressEventLogPortContract;
import dev.trestle.domain.contract.ProposalStorePortContract;
import dev.trestle.domain.contract.WorkbenchEventLogPortContract;
import dev.trestle.domain.contract.WorkbenchStoreContract;
import dev.trestle.domain.fakes.FakeClock;
import dev.trestle.domain.fakes.InMemoryEngineLog;
import dev.trestle.domain.fakes.SequentialIds;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.out.ConsentStorePort;
import dev.trestle.domain.port.out.ConversationPort;
import dev.trestle.domain.port.out.EgressEventLogPort;
import dev.trestle.domain.port.out.ProposalStorePort;
import dev.trestle.domain.port.out.WorkbenchEventLogPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The domain's port contracts run against the filesystem store, the same contracts the in-memory fakes pass
 * ({@code domain/src/test/.../contract}): so the fakes the service unit tests use keep the real adapter's rules.
 */
class FileSystemStorePortsContractTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A real store in a temporary data dir. */
    private static final class RealStore implements AutoCloseable {
        final FakeClock clock;
        final FileSystemWorkbenchStore store;

        RealStore(Path dataDir, FakeClock clock, SequentialIds ids) {
            this.clock = clock;
            this.store = new FileSystemWorkbenchStore(dataDir, clock, ids, new InMemoryEngineLog());
        }

        void workbench(String id) {
            Instant now = clock.now();
            store.catalog().create(new WorkbenchInfo(id, "W", now, now, "openai:gpt-5.2"),
                    new WorkshopState("openai:gpt-5.2", null));
        }

        @Override
        public void close() {
            store.close();
        }
    }

    @Nested
    class WorkbenchStore extends WorkbenchStoreContract {
        @TempDir
        Path dir;
        RealStore real;

        @Override
        protected Ports newStore() throws Exception {
            real = new RealStore(Files.createDirectories(dir.resolve("data")), clock, ids);
            FileSystemWorkbenchStore s = real.store;
            return new Ports(s.catalog(), s.published(), s.drafts(), s.checkpoints());
        }

        @Override
        protected String source(String name, String text) throws Exception {
            Path sources = Files.createDirectories(dir.resolve("sources"));
            return Files.writeString(sources.resolve(name), text).toString();
        }

        @AfterEach
        void close() {
            real.close();
        }
    }

    @Nested
    class Conversation extends ConversationPortContract {
        @TempDir
        Path dir;
        RealStore real;

        @Override
        protected ConversationPort newPort() {
            FakeClock clock = new FakeClock();
            real = new RealStore(dir, clock, new SequentialIds(clock));
            return real.store.conversation();
        }

        @Override
        protected void prepareWorkbench(String workbenchId) {
            real.workbench(workbenchId);
        }

        @AfterEach
        void close() {
            real.close();
        }
    }

    @Nested
    class Consent extends ConsentStorePortContract {
        @TempDir
        Path dir;
        RealStore real;

        @Override
        protected ConsentStorePort newPort() {
            FakeClock clock = new FakeClock();
            real = new RealStore(dir, clock, new SequentialIds(clock));
            return real.store.consent();
        }

        @Override
        protected void prepareWorkbench(String workbenchId) {
            real.workbench(workbenchId);
        }

        @AfterEach
        void close() {
            real.close();
        }
    }

    @Nested
    class EgressLog extends EgressEventLogPortContract {
        @TempDir
        Path dir;
        RealStore real;

        @Override
        protected EgressEventLogPort newPort() {
            FakeClock clock = new FakeClock();
            real = new RealStore(dir, clock, new SequentialIds(clock));
            return real.store.egressLog();
        }

        @Override
        protected void prepareWorkbench(String workbenchId) {
            real.workbench(workbenchId);
        }

        @AfterEach
        void close() {
            real.close();
        }
    }

    @Nested
    class Proposals extends ProposalStorePortContract {
        @TempDir
        Path dir;
        RealStore real;

        @Override
        protected ProposalStorePort newPort() {
            FakeClock clock = new FakeClock();
            real = new RealStore(dir, clock, new SequentialIds(clock));
            return real.store.proposals();
        }

        @Override
        protected void prepareWorkbench(String workbenchId) {
            real.workbench(workbenchId);
        }

        @AfterEach
        void close() {
            real.close();
        }
    }

    @Nested
    class WorkbenchEvents extends WorkbenchEventLogPortContract {
        @TempDir
        Path dir;
        RealStore real;

        @Override
        protected WorkbenchEventLogPort newLog() {
            FakeClock clock = new FakeClock();
            real = new RealStore(dir, clock, new SequentialIds(clock));
            real.workbench(W_A);
            real.workbench(W_B);
            return real.store.eventLog();
        }

        /** Read back from {@code <workbench>/meta/workbench_events.jsonl}. */
        @Override
        protected List<Event> events(String workbenchId) throws Exception {
            Path file;
            try (Stream<Path> all = Files.walk(dir)) {
                file = all.filter(p -> p.endsWith(Path.of(workbenchId, "meta", "workbench_events.jsonl")))
                        .findFirst().orElse(null);
            }
            List<Event> out = new ArrayList<>();
            if (file == null) {
                return out;
            }
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                JsonNode n = MAPPER.readTree(text);
                Map<String, String> meta = new LinkedHashMap<>();
                JsonNode m = n.path("metadata");
                m.fieldNames().forEachRemaining(k -> meta.put(k, m.get(k).isValueNode() ? m.get(k).asText()
                        : m.get(k).toString()));
                JsonNode error = n.path("error");
                out.add(new Event(n.get("kind").asText(),
                        error.isMissingNode() ? null : error.get("error_code").asText(), meta));
            }
            return out;
        }

        @AfterEach
        void close() {
            real.close();
        }
    }
}
