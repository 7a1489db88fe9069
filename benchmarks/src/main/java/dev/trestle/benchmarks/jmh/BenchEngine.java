package dev.trestle.benchmarks.jmh;

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
import dev.trestle.domain.service.EnginePorts;
import dev.trestle.domain.service.TokenPorts;
import dev.trestle.domain.service.TrestleEngine;
import dev.trestle.server.rpc.UseCases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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

    final Path root;
    final Path dataDir;
    final FileSystemWorkbenchStore store;
    final TrestleEngine engine;

    BenchEngine(int maxFiles) {
        try {
            root = Files.createTempDirectory("trestle-bench-");
            dataDir = root.resolve("data");
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve("settings.json"), "{\"schema_version\":1,\"limits\":{\"max_files\":"
                    + maxFiles + ",\"max_file_bytes\":" + Limits.DEFAULT.maxFileBytes() + "}}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SystemClock clock = new SystemClock();
        UlidGenerator ids = new UlidGenerator(clock);
        JsonSettingsFile settings = new JsonSettingsFile(dataDir.resolve("settings.json"));
        store = new FileSystemWorkbenchStore(dataDir, clock, ids, SILENT);
        store.reconcileAll();
        EnginePorts ports = new EnginePorts(ClasspathModelRegistry.load(), clock, ids, event -> { }, SILENT,
                settings, new AesGcmSecretsFile(dataDir, clock), new SettingsEndpointConfig(settings, false),
                new JdkHttpModelTransport(), new CancellableSleeper(), store.catalog(), store.published(),
                store.checkpoints(), store.drafts(), store.conversation(), store.proposals(), store.consent(),
                store.egressLog(), store.eventLog());
        // counting inline on the benchmark thread: what is measured includes it
        engine = new TrestleEngine(ports, new JacksonJsonParser(), new TokenPorts(new JTokkitTokenCounter(),
                JsonTokenCalibrationFile.inDataDir(dataDir), Runnable::run));
    }

    UseCases useCases() {
        return new UseCases(engine.providers(), engine.models(), engine.workbenches(), engine.files(),
                engine.clutter(), engine.checkpoints(), engine.drafts(), engine.egress(), engine.workshop());
    }

    /** A new Workbench holding {@code count} files of {@code size} bytes (sources under {@code root/src}). */
    String workbenchWith(int count, int size) {
        String id = engine.workbenches().create("bench");
        var sources = Trees.write(root.resolve("src-" + id), count, size, 42);
        engine.files().add(id, sources.stream().map(Path::toString).toList());
        return id;
    }

    @Override
    public void close() {
        store.close();
        Trees.delete(root);
    }
}
