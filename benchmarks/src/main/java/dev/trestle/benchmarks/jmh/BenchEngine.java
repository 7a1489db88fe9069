package dev.trestle.benchmarks.jmh;

import dev.trestle.domain.model.WorkbenchId;
import dev.trestle.domain.port.in.ManageFilesUseCase.AddFiles;
import dev.trestle.domain.port.in.ManageWorkbenchesUseCase.CreateWorkbench;
import dev.trestle.adapters.fs.FileSystemWorkbenchStore;
import dev.trestle.adapters.http.JdkHttpModelTransport;
import dev.trestle.adapters.http.SettingsEndpointConfig;
import dev.trestle.adapters.json.JacksonJsonParser;
import dev.trestle.adapters.registry.ClasspathModelRegistry;
import dev.trestle.adapters.secrets.AesGcmSecretsFile;
import dev.trestle.adapters.settings.JsonSettingsFile;
import dev.trestle.adapters.system.CancellableSleeper;
import dev.trestle.adapters.system.SystemClock;
import dev.trestle.adapters.system.UlidGenerator;
import dev.trestle.adapters.tokens.JTokkitTokenCounter;
import dev.trestle.adapters.tokens.JsonTokenCalibrationFile;
import dev.trestle.benchmarks.fixture.Trees;
import dev.trestle.domain.model.Limits;
import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.EventSinkPort;
import dev.trestle.domain.port.out.TokenCountCachePort;
import dev.trestle.domain.port.out.TokenCounterPort;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.server.bootstrap.OutPorts;
import dev.trestle.server.rpc.UseCases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The real domain services over the real filesystem adapters on a temporary data dir, wired by plain constructors as
 * the composition root does, with a silent log and no event sink, so in-process benchmarks measure storage and domain
 * work rather than logging. The model transport is real but never called.
 */
final class BenchEngine implements AutoCloseable {
    static final EngineLogPort SILENT = new EngineLogPort() {
        @Override
        public void info(String event, Map<String, ?> fields) {
        }

        @Override
        public void warn(String event, Map<String, ?> fields) {
        }

        @Override
        public void debug(String event, Map<String, ?> fields) {
        }
    };

    /**
     * Keeps no body counts: in-process engines count every body they see, so a "fresh engine" measures cold counting
     * (a first open, or counting rules changed); a reopen with kept counts is measured through the server jar
     * ({@code StorageBench}'s {@code reopen_files_list}).
     */
    static final TokenCountCachePort NO_KEPT_COUNTS = new TokenCountCachePort() {
        @Override
        public Map<String, Integer> loadAll(String tag) {
            return Map.of();
        }

        @Override
        public void record(String tag, Map<String, Integer> counts) {
        }
    };

    /** The request context of in-process calls: never cancelled, no arrival ticket. */
    static final RequestContext RQ = RequestContext.of(Phase.WORKBENCH);

    final Path root;
    final Path dataDir;
    final FileSystemWorkbenchStore store;
    final UseCases engine;
    private final SystemClock clock;
    private final UlidGenerator ids;
    private final JsonSettingsFile settings;

    BenchEngine(int maxFiles) {
        this(maxFiles, null);
    }

    /** {@code counter}: the token counter (JTokkit when null). */
    BenchEngine(int maxFiles, TokenCounterPort counter) {
        try {
            root = Files.createTempDirectory("trestle-bench-");
            dataDir = root.resolve("data");
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve("settings.json"), "{\"schema_version\":1,\"limits\":{\"max_files\":"
                    + maxFiles + ",\"max_file_bytes\":" + Limits.DEFAULT.maxFileBytes() + "}}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        clock = new SystemClock();
        ids = new UlidGenerator(clock);
        settings = new JsonSettingsFile(dataDir.resolve("settings.json"));
        store = new FileSystemWorkbenchStore(dataDir, clock, ids, SILENT);
        store.reconcileAll();
        engine = freshEngine(counter);
    }

    /**
     * New services over the same stored data (empty in-memory caches, as after a restart), counting tokens with
     * {@code counter} (JTokkit when null) inline on the calling thread, so what is measured includes the counting.
     */
    UseCases freshEngine(TokenCounterPort counter) {
        return freshEngine(counter, Runnable::run, event -> { });
    }

    /** As {@link #freshEngine(TokenCounterPort)}, counting large changes on {@code counting}, events to {@code sink}. */
    UseCases freshEngine(TokenCounterPort counter, Executor counting, EventSinkPort sink) {
        return new OutPorts(ClasspathModelRegistry.load(), clock, ids, sink, SILENT,
                settings, new AesGcmSecretsFile(dataDir, clock), new SettingsEndpointConfig(settings, false),
                new JdkHttpModelTransport(), new CancellableSleeper(), store.catalog(), store.published(),
                store.checkpoints(), store.drafts(), store.conversation(), store.proposals(), store.consent(),
                store.egressLog(), store.eventLog(), new JacksonJsonParser(),
                counter != null ? counter : new JTokkitTokenCounter(), JsonTokenCalibrationFile.inDataDir(dataDir),
                NO_KEPT_COUNTS, counting).useCases();
    }

    UseCases useCases() {
        return engine;
    }

    /** A new Workbench holding {@code count} files of {@code size} bytes (sources under {@code root/src}). */
    String workbenchWith(int count, int size) {
        String id = engine.workbenches().create(RQ, new CreateWorkbench("bench"));
        var sources = Trees.write(root.resolve("src-" + id), count, size, 42);
        engine.files().add(RQ, new AddFiles(new WorkbenchId(id), sources.stream().map(Path::toString).toList()));
        return id;
    }

    @Override
    public void close() {
        store.close();
        Trees.delete(root);
    }
}
