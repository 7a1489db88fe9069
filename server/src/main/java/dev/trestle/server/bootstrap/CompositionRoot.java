package dev.trestle.server.bootstrap;

import dev.trestle.adapters.fs.FileSystemWorkbenchStore;
import dev.trestle.adapters.http.JdkHttpModelTransport;
import dev.trestle.adapters.http.SettingsEndpointConfig;
import dev.trestle.adapters.json.JacksonJsonParser;
import dev.trestle.adapters.registry.ClasspathModelRegistry;
import dev.trestle.adapters.secrets.AesGcmSecretsFile;
import dev.trestle.adapters.settings.JsonSettingsFile;
import dev.trestle.adapters.system.CancellableSleeper;
import dev.trestle.adapters.system.EngineLock;
import dev.trestle.adapters.system.JsonLinesEngineLog;
import dev.trestle.adapters.system.SystemClock;
import dev.trestle.adapters.system.UlidGenerator;
import dev.trestle.domain.model.ModelRegistry;
import dev.trestle.domain.port.out.EventSinkPort;
import dev.trestle.domain.port.out.ModelTransportPort;
import dev.trestle.domain.port.out.SleeperPort;
import dev.trestle.domain.service.EnginePorts;
import dev.trestle.domain.service.TrestleEngine;
import dev.trestle.server.rpc.UseCases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;

/**
 * The production {@link EngineFactory}: takes the engine lock before anything in the data dir is read or written,
 * reconciles every Workbench, then wires adapters and services with plain constructors.
 */
public final class CompositionRoot implements EngineFactory {
    private final ModelTransportPort transport;
    private final SleeperPort sleeper;

    /** Production wiring: the JDK HTTP transport and a real, cancellable sleeper. */
    public CompositionRoot() {
        this(null, null);
    }

    /**
     * Wiring with a replaced transport and/or sleeper (either may be null for the real one): how acceptance tests run
     * the whole engine against a scripted provider without waiting for retry delays.
     */
    public CompositionRoot(ModelTransportPort transport, SleeperPort sleeper) {
        this.transport = transport;
        this.sleeper = sleeper;
    }

    @Override
    public Engine start(Options options, EventSinkPort events) throws EngineLockedException {
        long started = System.nanoTime();
        try {
            Files.createDirectories(options.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data dir", e);
        }
        Optional<EngineLock> lock;
        try {
            lock = EngineLock.tryAcquire(options.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the engine lock", e);
        }
        if (lock.isEmpty()) {
            throw new EngineLockedException("another engine holds " + options.dataDir().resolve("engine.lock"));
        }
        SystemClock clock = new SystemClock();
        JsonLinesEngineLog log = JsonLinesEngineLog.inDataDir(options.dataDir(),
                JsonLinesEngineLog.debugFrom(System.getenv()), clock);
        ModelRegistry registry = ClasspathModelRegistry.load();
        UlidGenerator ids = new UlidGenerator(clock);
        JsonSettingsFile settings = JsonSettingsFile.inDataDir(options.dataDir());
        AesGcmSecretsFile secrets = new AesGcmSecretsFile(options.dataDir(), clock);
        SettingsEndpointConfig endpoints = new SettingsEndpointConfig(settings, options.allowCustomEndpoints());
        FileSystemWorkbenchStore store = new FileSystemWorkbenchStore(options.dataDir(), clock, ids, log);
        store.reconcileAll();
        EnginePorts ports = new EnginePorts(registry, clock, ids, events, log, settings, secrets, endpoints,
                transport != null ? transport : new JdkHttpModelTransport(),
                sleeper != null ? sleeper : new CancellableSleeper(), store, store, store, store, store, store, store,
                store, store);
        TrestleEngine engine = new TrestleEngine(ports, new JacksonJsonParser());
        UseCases useCases = new UseCases(engine.providers(), engine.models(), engine.workbenches(), engine.files(),
                engine.clutter(), engine.checkpoints(), engine.drafts(), engine.egress(), engine.workshop());
        log.info("engine_started", Map.of("data_dir_set", true,
                "allow_custom_endpoints", options.allowCustomEndpoints(),
                "startup_ms", (System.nanoTime() - started) / 1_000_000));
        EngineLock held = lock.get();
        return new Engine(useCases, Version.current(), log, () -> {
            log.info("engine_stopped", Map.of());
            held.close();
        });
    }
}
