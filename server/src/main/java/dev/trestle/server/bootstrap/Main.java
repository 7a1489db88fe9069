package dev.trestle.server.bootstrap;

import dev.trestle.adapters.system.DataDirResolver;
import dev.trestle.server.endpoint.ConnectionHub;
import dev.trestle.server.endpoint.EndpointServer;
import dev.trestle.server.endpoint.PumpedInput;
import dev.trestle.server.endpoint.Relay;
import dev.trestle.server.rpc.EngineJvmOptions;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine process: {@code trestle-server [--data-dir DIR] [--allow-custom-endpoints] [--idle-grace-ms N] [--stdio]
 * [--version] [--print-jvm-options]}. stdout carries only JSON-RPC frames ({@code System.out} is redirected to stderr
 * so stray prints cannot corrupt them).
 * <ul>
 * <li>If it takes {@code engine.lock} it is <em>the engine</em>: it serves its stdio client and every client of its
 * endpoint ({@link EndpointServer}); the stdio session ends when stdin closes, on {@code exit}, or when the parent
 * process dies, and the process ends once no client is left for the idle grace ({@link ConnectionHub}).</li>
 * <li>If the lock is held it is <em>a relay</em> to the holder's endpoint ({@link Relay}).</li>
 * </ul>
 * Exit codes: 0 normal, 1 start failure, {@code exit} without {@code shutdown}, or a relay whose engine died; 2 bad
 * arguments; 3 the lock is held and the holder's endpoint does not answer (a hung engine).
 */
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_LOCKED = 3;
    /** How long the engine waits for a new client after the last one left (else {@code --idle-grace-ms}). */
    public static final String ENV_IDLE_GRACE_MS = "TRESTLE_IDLE_GRACE_MS";
    public static final long DEFAULT_IDLE_GRACE_MS = 5_000;
    /** How long a server that finds the lock held tries to reach the holder's endpoint before exit code 3. */
    public static final String ENV_RELAY_WAIT_MS = "TRESTLE_RELAY_WAIT_MS";
    public static final long DEFAULT_RELAY_WAIT_MS = 5_000;
    private static final long RELAY_POLL_MS = 25;
    /** How long no request must be in flight before the engine's deferred preparation runs ({@link QuietWork}). */
    static final long QUIET_MS = 1_000;

    private Main() {
    }

    public static void main(String[] args) {
        OutputStream protocolOut = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        PrintStream err = System.err;
        System.setOut(err);
        CompletableFuture<Void> parentExit = new CompletableFuture<>();
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> parentExit.complete(null)));
        int code = run(args, System.in, protocolOut, err, new CompositionRoot(), System.getenv(), parentExit);
        err.flush();
        System.exit(code);
    }

    /**
     * Runs the engine until stdin closes, {@code exit} arrives or {@code parentExit} completes.
     *
     * @return the process exit code
     */
    public static int run(String[] args, InputStream in, OutputStream out, PrintStream err, EngineFactory factory,
                          Map<String, String> env, CompletableFuture<?> parentExit) {
        Args parsed;
        try {
            parsed = Args.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("trestle: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (parsed.printJvmOptions) {
            try {
                out.write((String.join(System.lineSeparator(), EngineJvmOptions.list()) + System.lineSeparator())
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (java.io.IOException e) {
                return EXIT_FAILURE;
            }
            return EXIT_OK;
        }
        if (parsed.version) {
            try {
                out.write(("trestle " + Version.current() + System.lineSeparator())
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (java.io.IOException e) {
                return EXIT_FAILURE;
            }
            return EXIT_OK;
        }
        Options options = new Options(dataDir(parsed.dataDir, env), parsed.allowCustomEndpoints);
        long graceMs = parsed.idleGraceMs >= 0 ? parsed.idleGraceMs
                : millis(env.get(ENV_IDLE_GRACE_MS), DEFAULT_IDLE_GRACE_MS);
        long relayWaitMs = millis(env.get(ENV_RELAY_WAIT_MS), DEFAULT_RELAY_WAIT_MS);

        ExecutorService io = Executors.newCachedThreadPool(daemon("trestle-io-"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("trestle-idle-"));
        try {
            ConnectionHub hub = new ConnectionHub(graceMs, timer);
            InputStream clientIn = in;
            long deadline = System.nanoTime() + relayWaitMs * 1_000_000L;
            while (true) {
                Engine engine;
                try {
                    engine = factory.start(options, hub);
                } catch (EngineLockedException e) {
                    Optional<Relay.Connected> relay = Relay.connect(options.dataDir());
                    if (relay.isPresent()) {
                        PumpedInput pumped = clientIn instanceof PumpedInput p ? p : new PumpedInput(clientIn, io);
                        clientIn = pumped;
                        Relay.Outcome outcome = relay(relay.get(), options, pumped, out, err, io);
                        if (outcome.replay() == null) {
                            return outcome.exitCode();
                        }
                        // the engine was retiring as we connected: give what the client sent to the next engine
                        pumped.unread(outcome.replay());
                        deadline = System.nanoTime() + relayWaitMs * 1_000_000L;
                        continue;
                    }
                    if (System.nanoTime() - deadline > 0) {
                        err.println("trestle: another engine holds " + options.dataDir()
                                + " but does not answer on its endpoint" + holder(options.dataDir())
                                + "; if it hangs, end that process and start again");
                        return EXIT_LOCKED;
                    }
                    // the holder is starting (endpoint not bound yet) or stopping (lock not yet released)
                    pause();
                    continue;
                } catch (RuntimeException e) {
                    err.println("trestle: engine failed to start (" + e.getClass().getName() + ")");
                    return EXIT_FAILURE;
                }
                return serve(engine, hub, options, env, clientIn, out, err, parentExit, io, timer);
            }
        } finally {
            timer.shutdownNow();
            io.shutdownNow();
        }
    }

    /** This process holds the lock: serves its stdio client and every endpoint client until the hub retires. */
    private static int serve(Engine engine, ConnectionHub hub, Options options, Map<String, String> env,
                             InputStream in, OutputStream out, PrintStream err, CompletableFuture<?> parentExit,
                             ExecutorService io, ScheduledExecutorService timer) {
        QuietWork quiet = new QuietWork(QUIET_MS * 1_000_000L, System::nanoTime, QuietWork.Timer.of(timer));
        ExecutorService requests = quiet.requestPool(daemon("trestle-rpc-"));
        quiet.add(engine.prepare());
        quiet.start();
        JulBridge.install(engine.log());
        hub.serve(engine.useCases(), engine.engineVersion(), engine.log(), requests, io);
        EndpointServer endpoint = null;
        try {
            endpoint = EndpointServer.open(options.dataDir(), env, options.allowCustomEndpoints(), engine.log(), io,
                    hub::accept);
        } catch (IOException | RuntimeException e) {
            // the stdio client is served regardless; others fall back to exit code 3
            log(engine, "endpoint_unavailable", Map.of("exception", e.getClass().getName()));
        }
        ConnectionHub.Connection stdio = hub.open("stdio", in, out);
        parentExit.whenComplete((v, t) -> stdio.end());
        log(engine, "engine_listening", Map.of("allow_custom_endpoints", options.allowCustomEndpoints(),
                "endpoint", endpoint != null, "idle_grace_ms", hub.idleGraceMs()));

        hub.retired().join();
        int code = stdio.exitCode().join();
        log(engine, "engine_stopping", Map.of("exit_code", code));
        if (endpoint != null) {
            endpoint.close();
        }
        hub.endAll();
        requests.shutdownNow();
        try {
            engine.close().close();
        } catch (Exception e) {
            err.println("trestle: engine close failed (" + e.getClass().getName() + ")");
        }
        return code;
    }

    /** Another engine holds the lock and answers: pipe stdio to it. */
    private static Relay.Outcome relay(Relay.Connected relay, Options options, PumpedInput in, OutputStream out,
                                       PrintStream err, ExecutorService io) {
        if (options.allowCustomEndpoints() && !relay.engine().allowCustomEndpoints()) {
            err.println("trestle: --allow-custom-endpoints is not in effect: the running engine (pid "
                    + relay.engine().pid() + ") was started without it and decides; restart it with the flag");
        }
        Relay.Outcome outcome = relay.pipe(in, out, io);
        if (outcome.replay() == null && outcome.exitCode() != EXIT_OK) {
            err.println("trestle: the engine (pid " + relay.engine().pid() + ") ended the connection unexpectedly; "
                    + "the next start takes over");
        }
        return outcome;
    }

    private static String holder(Path dataDir) {
        try {
            String pid = Files.readString(dataDir.resolve("engine.lock"), StandardCharsets.UTF_8).trim();
            return pid.matches("\\d{1,10}") ? " (pid " + pid + ")" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RELAY_POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long millis(String value, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static void log(Engine engine, String event, Map<String, ?> fields) {
        try {
            engine.log().info(event, new LinkedHashMap<>(fields));
        } catch (RuntimeException ignored) {
            // logging never stops the engine
        }
    }

    /** {@code --data-dir}, else {@code TRESTLE_DATA_DIR}, else the user config dir + {@code trestle}. */
    static Path dataDir(String arg, Map<String, String> env) {
        return DataDirResolver.resolve(arg, env, System.getProperty("os.name", ""),
                System.getProperty("user.home"), java.nio.file.FileSystems.getDefault()).toAbsolutePath();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Parsed command line. */
    static final class Args {
        String dataDir;
        boolean allowCustomEndpoints;
        boolean version;
        boolean printJvmOptions;
        long idleGraceMs = -1;

        static Args parse(String[] args) {
            Args a = new Args();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--data-dir")) {
                    if (i + 1 >= args.length || args[i + 1].isEmpty()) {
                        throw new IllegalArgumentException("--data-dir needs a directory");
                    }
                    a.dataDir = args[++i];
                } else if (arg.startsWith("--data-dir=")) {
                    a.dataDir = arg.substring("--data-dir=".length());
                    if (a.dataDir.isEmpty()) {
                        throw new IllegalArgumentException("--data-dir needs a directory");
                    }
                } else if (arg.equals("--allow-custom-endpoints")) {
                    a.allowCustomEndpoints = true;
                } else if (arg.equals("--stdio")) {
                    // accepted for editor launchers; stdio is the only transport
                } else if (arg.equals("--idle-grace-ms") || arg.startsWith("--idle-grace-ms=")) {
                    String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
                            : (i + 1 < args.length ? args[++i] : "");
                    try {
                        a.idleGraceMs = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        a.idleGraceMs = -1;
                    }
                    if (a.idleGraceMs < 0) {
                        throw new IllegalArgumentException("--idle-grace-ms needs a number of milliseconds >= 0");
                    }
                } else if (arg.equals("--version")) {
                    a.version = true;
                } else if (arg.equals("--print-jvm-options")) {
                    a.printJvmOptions = true;
                } else {
                    throw new IllegalArgumentException("unknown argument " + printable(arg) + " (usage: [--data-dir DIR] "
                            + "[--allow-custom-endpoints] [--idle-grace-ms N] [--stdio] [--version] "
                            + "[--print-jvm-options])");
                }
            }
            return a;
        }

        private static String printable(String arg) {
            String cut = arg.length() > 40 ? arg.substring(0, 40) + "…" : arg;
            return cut.replaceAll("\\p{Cntrl}", "?");
        }
    }
}
