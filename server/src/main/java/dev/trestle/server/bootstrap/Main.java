package dev.trestle.server.bootstrap;

import dev.trestle.adapters.system.DataDirResolver;
import dev.trestle.server.rpc.ErrorMapper;
import dev.trestle.server.rpc.RpcEventSink;
import dev.trestle.server.rpc.TrestleClient;
import dev.trestle.server.rpc.TrestleLauncher;
import dev.trestle.server.rpc.TrestleServer;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.lsp4j.jsonrpc.Launcher;

/**
 * The engine process: {@code trestle-server [--data-dir DIR] [--allow-custom-endpoints] [--stdio] [--version]}.
 * stdout carries only JSON-RPC frames ({@code System.out} is redirected to stderr so stray prints cannot corrupt
 * them). The process ends when stdin closes, on the LSP {@code exit} notification, or when its parent process dies.
 * Exit codes: 0 normal, 1 start failure or {@code exit} without {@code shutdown}, 2 bad arguments, 3 engine lock held.
 */
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_LOCKED = 3;

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

        RpcEventSink events = new RpcEventSink();
        Engine engine;
        try {
            engine = factory.start(options, events);
        } catch (EngineLockedException e) {
            err.println("trestle: another engine is using " + options.dataDir());
            return EXIT_LOCKED;
        } catch (RuntimeException e) {
            err.println("trestle: engine failed to start (" + e.getClass().getName() + ")");
            return EXIT_FAILURE;
        }

        ExecutorService requests = Executors.newCachedThreadPool(daemon("trestle-rpc-"));
        ExecutorService reader = Executors.newCachedThreadPool(daemon("trestle-io-"));
        CompletableFuture<Integer> stop = new CompletableFuture<>();
        TrestleServer[] server = new TrestleServer[1];
        JulBridge.install(engine.log());
        server[0] = new TrestleServer(engine.useCases(), engine.engineVersion(), engine.log(), requests,
                () -> stop.complete(server[0].shutdownRequested() ? EXIT_OK : EXIT_FAILURE));
        Launcher<TrestleClient> launcher = TrestleLauncher.server(server[0], in, out, reader,
                new ErrorMapper(engine.log()), engine.log());
        events.connect(launcher.getRemoteProxy(), engine.log());
        Future<Void> listening = launcher.startListening();
        reader.execute(() -> {
            try {
                listening.get();
            } catch (Exception e) {
                // stream failure ends the session like a closed stdin
            }
            stop.complete(EXIT_OK);
        });
        parentExit.whenComplete((v, t) -> stop.complete(EXIT_OK));
        log(engine, "engine_listening", Map.of("allow_custom_endpoints", options.allowCustomEndpoints()));

        int code = stop.join();
        log(engine, "engine_stopping", Map.of("exit_code", code));
        listening.cancel(true);
        requests.shutdownNow();
        reader.shutdownNow();
        try {
            engine.close().close();
        } catch (Exception e) {
            err.println("trestle: engine close failed (" + e.getClass().getName() + ")");
        }
        return code;
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
                } else if (arg.equals("--version")) {
                    a.version = true;
                } else {
                    throw new IllegalArgumentException("unknown argument " + printable(arg)
                            + " (usage: [--data-dir DIR] [--allow-custom-endpoints] [--stdio] [--version])");
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
