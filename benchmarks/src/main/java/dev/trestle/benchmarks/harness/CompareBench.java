package dev.trestle.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trestle.benchmarks.fixture.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compare and per-file restore (issue 14, item 4), whole engine process over stdio, on one Workbench of
 * {@code files} × {@code size} with two checkpoints that differ in {@code changed} files:
 * <ul>
 *   <li>{@code CheckpointsDiff} of the two checkpoints, and of one checkpoint against the current files;</li>
 *   <li>{@code CheckpointsRestore} with {@code paths: [one file]}, alternating between the two checkpoints (so every
 *       run changes that one file), including its pre-restore checkpoint.</li>
 * </ul>
 * Interleaved in one run. Usage: {@code CompareBench --server-jar J --out DIR --work DIR [--files N] [--size B]
 * [--changed N] [--reps N]}.
 */
public final class CompareBench {
    private static final long T = 600_000;

    private final Path serverJar;
    private final Path out;
    private final Path work;
    private final int files;
    private final int size;
    private final int changed;
    private final int reps;
    private final Results results = new Results();

    private CompareBench(Map<String, String> a) {
        serverJar = Path.of(a.get("--server-jar"));
        out = Path.of(a.get("--out"));
        work = Path.of(a.get("--work"));
        files = Integer.parseInt(a.getOrDefault("--files", "10000"));
        size = Integer.parseInt(a.getOrDefault("--size", "10240"));
        changed = Integer.parseInt(a.getOrDefault("--changed", "100"));
        reps = Integer.parseInt(a.getOrDefault("--reps", "20"));
    }

    public static void main(String[] args) throws Exception {
        new CompareBench(Flags.parse(args)).run();
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        Trees.delete(work);
        Path dataDir = Files.createDirectories(work.resolve("data"));
        Files.writeString(dataDir.resolve("settings.json"),
                "{\"schema_version\":1,\"limits\":{\"max_files\":20000,\"max_file_bytes\":26214400}}");
        Path src = work.resolve("src");
        Trees.write(src, files, size, 42);
        String shape = files + "x" + (size / 1024) + "KB";
        List<String> jvm = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        String extra = System.getProperty("compare.jvm");
        if (extra != null && !extra.isBlank()) {
            // e.g. -Dcompare.jvm=-XX:StartFlightRecording=filename=x.jfr,settings=profile to see where the time goes
            jvm.addAll(List.of(extra.split(" ")));
        }
        try (ServerProcess e = ServerProcess.start(jvm,
                List.of("-jar", serverJar.toString(), "--data-dir", dataDir.toString()),
                out.resolve("compare-engine-stderr.log"), null)) {
            String wb = call(e, "WorkbenchCreate", Map.of("name", "compare")).path("workbench_id").asText();
            add(e, wb, src, names(0, files));
            String a = checkpoint(e, wb);
            for (int i = 0; i < changed; i++) {
                Trees.rewrite(src, i, size, 1, 5);
            }
            call(e, "WorkbenchFilesRemove", Map.of("workbench_id", wb, "workbench_paths", names(0, changed)));
            add(e, wb, src, names(0, changed));
            String b = checkpoint(e, wb);
            JsonNode d = call(e, "CheckpointsDiff", Map.of("workbench_id", wb, "from_checkpoint_id", a,
                    "to_checkpoint_id", b));
            if (d.path("changed").size() != changed || d.path("unchanged").asInt() != files - changed) {
                throw new IOException("unexpected diff: " + d.path("changed").size() + " changed");
            }
            Quiet.settle(e.rpc, wb);
            log("setup done");
            for (int rep = 0; rep < reps; rep++) {
                for (int v = 0; v < 3; v++) {
                    switch ((v + rep) % 3) {
                        case 0 -> results.add("checkpoints_diff", "two_checkpoints", shape, rep,
                                time(e, "CheckpointsDiff", Map.of("workbench_id", wb, "from_checkpoint_id", a,
                                        "to_checkpoint_id", b)), "ms");
                        case 1 -> results.add("checkpoints_diff", "checkpoint_vs_current", shape, rep,
                                time(e, "CheckpointsDiff", Map.of("workbench_id", wb, "from_checkpoint_id", a)), "ms");
                        default -> results.add("restore_one_file", "paths_1", shape, rep,
                                time(e, "CheckpointsRestore", Map.of("workbench_id", wb,
                                        "checkpoint_id", rep % 2 == 0 ? a : b, "paths", List.of(Trees.name(0)))),
                                "ms");
                    }
                }
            }
        }
        results.writeCsv(out.resolve("compare-raw.csv"));
        results.writeSummaryCsv(out.resolve("compare-summary.csv"));
        System.out.print(Files.readString(out.resolve("compare-summary.csv")));
        Trees.delete(work);
    }

    private static List<String> names(int from, int to) {
        List<String> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(Trees.name(i));
        }
        return out;
    }

    private static double time(ServerProcess e, String method, Map<String, ?> params) throws Exception {
        long t0 = System.nanoTime();
        call(e, method, params);
        return (System.nanoTime() - t0) / 1e6;
    }

    private static JsonNode call(ServerProcess e, String method, Map<String, ?> params) throws Exception {
        return e.rpc.call(method, params, T);
    }

    private static void add(ServerProcess e, String wb, Path src, List<String> names) throws Exception {
        JsonNode r = call(e, "WorkbenchFilesAdd", Map.of("workbench_id", wb, "source_paths",
                names.stream().map(n -> src.resolve(n).toString()).toList()));
        for (JsonNode x : r.path("add_results")) {
            if (!x.path("status").asText().equals("added")) {
                throw new IOException("add failed: " + x);
            }
        }
    }

    private static String checkpoint(ServerProcess e, String wb) throws Exception {
        return call(e, "CheckpointsCreate", Map.of("workbench_id", wb)).path("checkpoint_id").asText();
    }

    private static void log(String s) {
        System.err.println("[compare] " + s);
    }
}
