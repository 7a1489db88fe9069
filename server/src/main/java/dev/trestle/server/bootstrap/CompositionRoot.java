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
import dev.trestle.adapters.tokens.JTokkitTokenCounter;
import dev.trestle.adapters.tokens.JsonTokenCalibrationFile;
import dev.trestle.adapters.tokens.TsvTokenCountCacheFile;
import dev.trestle.domain.model.ModelRegistry;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.EventSinkPort;
import dev.trestle.domain.port.out.IdGeneratorPort;
import dev.trestle.domain.port.out.ModelTransportPort;
import dev.trestle.domain.port.out.SleeperPort;
import dev.trestle.server.rpc.UseCases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The production {@link EngineFactory}: takes the engine lock before anything in the data dir is read or written,
 * arms the per-Workbench reconciliation on first use, then wires adapters and services with plain constructors.
 */
public final class CompositionRoot implements EngineFactory {
    private final ModelTransportPort transport;
    private final SleeperPort sleeper;
    private final StoreFactory storeFactory;
    private final ClockPort clock;

    /** Builds the Workbench store; production uses the plain {@link FileSystemWorkbenchStore} constructor. */
    @FunctionalInterface
    public interface StoreFactory {
        FileSystemWorkbenchStore create(Path dataDir, ClockPort clock, IdGeneratorPort ids, EngineLogPort log);
    }

    /** Production wiring: the JDK HTTP transport and a real, cancellable sleeper. */
    public CompositionRoot() {
        this(null, null);
    }

    /**
     * Wiring with a replaced transport and/or sleeper (either may be null for the real one): how acceptance tests run
     * the whole engine against a scripted provider without waiting for retry delays.
     */
    public CompositionRoot(ModelTransportPort transport, SleeperPort sleeper) {
        this(transport, sleeper, null, FileSystemWorkbenchStore::new);
    }

    /**
     * As {@link #CompositionRoot(ModelTransportPort, SleeperPort)} with the store built by {@code storeFactory}: how
     * acceptance tests inject a filesystem fault at one step of a publish or restore.
     */
    public CompositionRoot(ModelTransportPort transport, SleeperPort sleeper, StoreFactory storeFactory) {
        this(transport, sleeper, null, storeFactory);
    }

    /**
     * As {@link #CompositionRoot(ModelTransportPort, SleeperPort)}, with the clock replaced too (null for the system
     * clock): how acceptance tests drive time-based rules such as the stream-time clutter throttle.
     */
    public CompositionRoot(ModelTransportPort transport, SleeperPort sleeper, ClockPort clock) {
        this(transport, sleeper, clock, FileSystemWorkbenchStore::new);
    }

    /** Every replaceable part at once; nulls mean the production part. */
    public CompositionRoot(ModelTransportPort transport, SleeperPort sleeper, ClockPort clock,
                           StoreFactory storeFactory) {
        this.transport = transport;
        this.sleeper = sleeper;
        this.clock = clock;
        this.storeFactory = java.util.Objects.requireNonNull(storeFactory, "storeFactory");
    }

    @Override
    public Engine start(Options options, EventSinkPort events) throws EngineLockedException {
        long started = System.nanoTime();
        try {
            if (!Files.isDirectory(options.dataDir())) {
                Files.createDirectories(options.dataDir());
                ownerOnly(options.dataDir());
            }
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
        try {
            return wire(options, events, lock.get(), started);
        } catch (RuntimeException e) {
            // a start that fails after taking the lock must not keep the data dir locked
            try {
                lock.get().close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** A data dir the engine creates is owner-only (its endpoint socket lives there); an existing one is left as is. */
    private static void ownerOnly(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not POSIX: the user profile's ACL applies
        }
    }

    private Engine wire(Options options, EventSinkPort events, EngineLock held, long started) {
        ClockPort clock = this.clock != null ? this.clock : new SystemClock();
        JsonLinesEngineLog log = JsonLinesEngineLog.inDataDir(options.dataDir(),
                JsonLinesEngineLog.debugFrom(System.getenv()), clock);
        ModelRegistry registry = ClasspathModelRegistry.load();
        UlidGenerator ids = new UlidGenerator(clock);
        JsonSettingsFile settings = JsonSettingsFile.inDataDir(options.dataDir());
        AesGcmSecretsFile secrets = new AesGcmSecretsFile(options.dataDir(), clock);
        SettingsEndpointConfig endpoints = new SettingsEndpointConfig(settings, options.allowCustomEndpoints());
        FileSystemWorkbenchStore store = storeFactory.create(options.dataDir(), clock, ids, log);
        // storage.md §9: each Workbench is reconciled right before its first use (we hold the engine lock for life)
        store.reconcileOnFirstUse();
        // algorithms.md §6: daemon threads count large changes (one per core, chunked)
        AtomicInteger counters = new AtomicInteger();
        ExecutorService counting = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "token-counter-" + counters.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        JTokkitTokenCounter counter = new JTokkitTokenCounter();
        // the stored forms' JSON binder is prepared at once, off the start path (the first Workbench open after a
        // start paid its set-up); the o200k ranks wait until the engine is quiet (Engine.prepare): loading them
        // makes tens of MB of objects whose collections landed on the first requests after a restart
        counting.execute(FileSystemWorkbenchStore::warmUp);
        UseCases useCases = new OutPorts(registry, clock, ids, events, log, settings, secrets, endpoints,
                transport != null ? transport : new JdkHttpModelTransport(),
                sleeper != null ? sleeper : new CancellableSleeper(), store.catalog(), store.published(),
                store.checkpoints(), store.drafts(), store.conversation(), store.proposals(), store.consent(),
                store.egressLog(), store.eventLog(), new JacksonJsonParser(), counter,
                JsonTokenCalibrationFile.inDataDir(options.dataDir()),
                TsvTokenCountCacheFile.inDataDir(options.dataDir()), counting).useCases();
        log.info("engine_started", Map.of("data_dir_set", true,
                "allow_custom_endpoints", options.allowCustomEndpoints(),
                "startup_ms", (System.nanoTime() - started) / 1_000_000));
        return new Engine(useCases, Version.current(), log, () -> {
            log.info("engine_stopped", Map.of());
            counting.shutdownNow();
            try {
                store.close();
            } finally {
                held.close();
            }
        }, () -> counting.execute(counter::warmUp));
    }
}
