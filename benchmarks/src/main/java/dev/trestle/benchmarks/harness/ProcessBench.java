package dev.trestle.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trestle.benchmarks.fixture.Trees;
import dev.trestle.server.rpc.EngineJvmOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole-process harness: drives the real engine jar over stdio and the peers ({@code cp -al}, {@code cp -r},
 * {@code git}) on the same trees, in one run, interleaved (every repetition runs every variant once, in an order that
 * rotates per repetition, so drift and order effects spread evenly), and reports medians.
 *
 * <pre>
 * java -cp benchmarks.jar dev.trestle.benchmarks.harness.ProcessBench --server-jar JAR --out DIR --work DIR
 *      [--quick] [--reps N] [--big] [--java-opts "..."]
 * </pre>
 * Scenarios: checkpoint create/restore vs peers; {@code WorkbenchGetClutter} vs {@code EngineGetInfo} round trips;
 * cold start vs {@link MinimalLspServer}; peak and idle RSS; the Workshop stream relay against the in-JVM provider
 * simulator ({@link StreamRelayBench}). Everything stays on loopback pipes and local disk.
 */
public final class ProcessBench {
    static final long CALL_TIMEOUT_MS = 600_000;
    static final int MAX_FILES = 10_000;

    private final Options opt;
    private final Results results = new Results();
    private final Map<String, String> notes = new LinkedHashMap<>();

    private ProcessBench(Options opt) {
        this.opt = opt;
    }

    /** Command-line options. */
    record Options(Path serverJar, Path benchJar, Path out, Path work, boolean quick, int reps, boolean big,
                   List<String> javaOpts, List<String> leanOpts) {
        static Options parse(String[] args) {
            Path jar = null;
            Path out = null;
            Path work = null;
            boolean quick = false;
            boolean big = false;
            int reps = -1;
            List<String> javaOpts = List.of();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--server-jar" -> jar = Path.of(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--work" -> work = Path.of(args[++i]);
                    case "--quick" -> quick = true;
                    case "--big" -> big = true;
                    case "--reps" -> reps = Integer.parseInt(args[++i]);
                    case "--java-opts" -> javaOpts = args[++i].isBlank() ? List.of()
                            : List.of(args[i].trim().split("\\s+"));
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (jar == null || out == null || work == null) {
                throw new IllegalArgumentException("--server-jar, --out and --work are required");
            }
            Path benchJar;
            try {
                benchJar = Path.of(ProcessBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            if (reps < 0) {
                reps = quick ? 3 : 5;
            }
            // the options the engine jar publishes for its launchers, without the launchers' optional AppCDS archive
            List<String> lean = EngineJvmOptions.list();
            return new Options(jar, benchJar, out, work, quick, reps, big, javaOpts, lean);
        }
    }

    /** One tree shape measured by the checkpoint scenario. */
    record Shape(int files, int size, int changed) {
        String key() {
            return files + "x" + human(size) + (changed == 1 ? "" : ",changed=" + changed);
        }

        long totalBytes() {
            return (long) files * size;
        }
    }

    public static void main(String[] args) throws Exception {
        Options opt;
        try {
            opt = Options.parse(args);
        } catch (RuntimeException e) {
            System.err.println("ProcessBench: " + e.getMessage());
            System.exit(2);
            return;
        }
        new ProcessBench(opt).runAll();
    }

    private void runAll() throws Exception {
        Files.createDirectories(opt.out);
        Trees.delete(opt.work);
        Files.createDirectories(opt.work);
        List<Shape> shapes = new ArrayList<>();
        shapes.add(new Shape(1_000, 1024, 1));
        if (!opt.quick) {
            shapes.add(new Shape(1_000, 10 * 1024, 1));
            shapes.add(new Shape(1_000, 1024 * 1024, 1));
        }
        shapes.add(new Shape(10_000, 1024, 1));
        if (!opt.quick) {
            shapes.add(new Shape(10_000, 10 * 1024, 1));
        }
        if (opt.big) {
            shapes.add(new Shape(10_000, 1024 * 1024, 1));
        }
        Path dataDir = opt.work.resolve("data");
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("settings.json"), "{\"schema_version\":1,\"limits\":{\"max_files\":"
                + MAX_FILES + ",\"max_file_bytes\":26214400}}");

        log("engine: " + opt.serverJar + ", reps " + opt.reps + (opt.quick ? " (quick)" : ""));
        String latencyWorkbench = null;
        ServerProcess engine = ServerProcess.start(opt.javaOpts, List.of("-jar", opt.serverJar.toString(),
                "--data-dir", dataDir.toString()), opt.out.resolve("engine-stderr.log"),
                opt.out.resolve("engine-time.txt"));
        try {
            JsonNode info = engine.rpc.call("EngineGetInfo", Map.of(), CALL_TIMEOUT_MS);
            notes.put("engine_version", info.path("engine_version").asText());
            for (Shape s : shapes) {
                String wb = new CheckpointScenario(opt, results).run(engine, s, s.files == 10_000 && s.size == 1024 ? 1_000 : 0);
                if (s.files == 10_000 && s.size == 1024 && s.changed == 1) {
                    latencyWorkbench = wb;
                }
            }
            flush();
            if (latencyWorkbench != null) {
                latencyScenario(engine, latencyWorkbench);
            }
            rss(engine, "after_workload");
        } finally {
            engine.close();
        }
        engine.peakRssKb().ifPresent(kb -> results.add("rss", "engine_peak_workload", "default_jvm", 0, kb / 1024.0,
                "MiB"));
        flush();
        coldStartScenario(dataDir);
        flush();
        streamScenario();
        flush();
        results.writeSummaryCsv(opt.out.resolve("summary.csv"));
        Files.writeString(opt.out.resolve("summary.md"), new Report(results, shapes, notes, opt).markdown());
        log("results in " + opt.out);
        Trees.delete(opt.work);
    }

    // ------------------------------------------------------------------ Workshop stream relay

    /**
     * The stream relay through a fresh engine process (see {@link StreamRelayBench}): a flood (capacity, deltas/s) and
     * a stream paced at 2 000 chunks/s (added latency per delta, p50/p99), the first stream of each left out as warm-up.
     */
    private void streamScenario() throws Exception {
        int chunks = opt.quick ? 10_000 : 20_000;
        int runs = opt.reps + 1;
        log("stream relay: flood of " + chunks + " one-word chunks, then paced at 2 000/s, " + opt.reps + " runs each");
        record Mode(String name, int pace, int chunks) {
        }
        for (Mode m : List.of(new Mode("flood", 0, chunks), new Mode("paced_2000_per_s", 2_000, 5_000))) {
            List<StreamRelayBench.Run> all = StreamRelayBench.measure(opt.serverJar, opt.work, opt.javaOpts,
                    m.chunks(), runs, m.pace());
            for (int i = 1; i < all.size(); i++) {
                StreamRelayBench.Run r = all.get(i);
                results.add("stream", "deltas_per_s", m.name(), i, r.deltasPerSecond(), "1/s");
                results.add("stream", "added_p50_ms", m.name(), i, r.p50Ms(), "ms");
                results.add("stream", "added_p99_ms", m.name(), i, r.p99Ms(), "ms");
            }
        }
    }

    // ------------------------------------------------------------------ round-trip latency

    private void latencyScenario(ServerProcess engine, String wb) throws Exception {
        int warm = opt.quick ? 2_000 : 5_000;
        int measured = opt.quick ? 3_000 : 20_000;
        log("latency: " + warm + " warm-up + " + measured + " measured pairs");
        Map<String, Object> clutter = Map.of("workbench_id", wb);
        for (int i = 0; i < warm + measured; i++) {
            boolean clutterFirst = (i & 1) == 1;
            for (int k = 0; k < 2; k++) {
                boolean isClutter = clutterFirst == (k == 0);
                long t0 = System.nanoTime();
                engine.rpc.call(isClutter ? "WorkbenchGetClutter" : "EngineGetInfo",
                        isClutter ? clutter : Map.of(), CALL_TIMEOUT_MS);
                double us = (System.nanoTime() - t0) / 1e3;
                if (i >= warm) {
                    results.add("latency", isClutter ? "WorkbenchGetClutter" : "EngineGetInfo", "10000x1K", i - warm,
                            us, "us");
                }
            }
        }
    }

    // ------------------------------------------------------------------ cold start and RSS

    private void coldStartScenario(Path populated) throws Exception {
        int reps = opt.quick ? 3 : 9;
        log("cold start: " + reps + " reps × 5 variants");
        Path empty = opt.work.resolve("cold-empty");
        List<String> variants = List.of("engine_empty_default", "floor_default", "engine_empty_lean", "floor_lean",
                "engine_populated_default");
        for (int rep = 0; rep < reps; rep++) {
            for (int v = 0; v < variants.size(); v++) {
                String variant = variants.get((v + rep) % variants.size());
                boolean lean = variant.endsWith("_lean");
                List<String> jvm = new ArrayList<>(opt.javaOpts);
                if (lean) {
                    jvm.addAll(opt.leanOpts);
                }
                List<String> target;
                if (variant.startsWith("floor")) {
                    target = List.of("-cp", opt.benchJar.toString(), MinimalLspServer.class.getName());
                } else {
                    Path dir = variant.contains("populated") ? populated : empty;
                    if (dir == empty) {
                        Trees.delete(empty);
                        Files.createDirectories(empty);
                    }
                    target = List.of("-jar", opt.serverJar.toString(), "--data-dir", dir.toString());
                }
                boolean measureIdle = rep == 0 && !variant.equals("engine_populated_default");
                try (ServerProcess p = ServerProcess.start(jvm, target, opt.out.resolve("cold-stderr.log"),
                        measureIdle ? opt.out.resolve("time-" + variant + ".txt") : null)) {
                    p.rpc.call("EngineGetInfo", Map.of(), CALL_TIMEOUT_MS);
                    results.add("cold_start", variant, "first_answer", rep, ms(p.startNanos), "ms");
                    if (measureIdle) {
                        idle(p, variant);
                    }
                }
            }
        }
    }

    private void idle(ServerProcess p, String variant) throws InterruptedException {
        // an idle engine: nothing in flight for a while (a measurement period, not synchronisation)
        Thread.sleep(opt.quick ? 2_000 : 5_000);
        p.statusKb("VmRSS").ifPresent(kb -> results.add("rss", "idle_" + variant, "after_first_request", 0,
                kb / 1024.0, "MiB"));
    }

    private void rss(ServerProcess engine, String when) throws InterruptedException {
        Thread.sleep(opt.quick ? 2_000 : 5_000);
        engine.statusKb("VmRSS").ifPresent(kb -> results.add("rss", "engine_idle_" + when, "default_jvm", 0,
                kb / 1024.0, "MiB"));
        engine.statusKb("VmHWM").ifPresent(kb -> results.add("rss", "engine_hwm_" + when, "default_jvm", 0,
                kb / 1024.0, "MiB"));
    }

    // ------------------------------------------------------------------ helpers

    /** Writes what is measured so far, so an interrupted run still leaves its samples. */
    private void flush() throws IOException {
        results.writeCsv(opt.out.resolve("raw.csv"));
    }

    static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "G";
        }
        if (bytes >= 1 << 20) {
            return (bytes >> 20) + "M";
        }
        if (bytes >= 1 << 10) {
            return (bytes >> 10) + "K";
        }
        return bytes + "B";
    }

    private static final long T0 = System.nanoTime();

    static void log(String line) {
        System.err.printf("[bench %6.1fs] %s%n", (System.nanoTime() - T0) / 1e9, line);
    }
}
