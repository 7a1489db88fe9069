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
 * Storage at O(change) (issue 14), whole engine process over stdio, interleaved with the peers' mechanisms in one run
 * on one tree of {@code files} × {@code size}:
 * <ul>
 *   <li>restore when one file differs vs {@code git reset --hard} between two commits of the same tree;</li>
 *   <li>restore of a fully different tree vs {@code cp -al} of a snapshot plus two renames;</li>
 *   <li>checkpoint create after one file changed vs {@code git add -A && git commit} after the same change;</li>
 *   <li>after a clean restart, the first vs the second {@code WorkbenchFilesList} of the Workbench with
 *       {@code checkpoints} checkpoints, then its first {@code WorkbenchGetClutter} (labelled with the answer's
 *       source).</li>
 * </ul>
 * Usage: {@code StorageBench --server-jar J --out DIR --work DIR [--files N] [--size B] [--reps N] [--only reopen]}.
 * With {@code --only reopen} just the last scenario runs, {@code reps} times, on a Workbench prepared once in
 * {@code work} and kept there (a later run with the same {@code work} reuses it): how a change to the start path is
 * measured in minutes rather than a full run.
 */
public final class StorageBench {
    private static final long T = 600_000;

    private final Path serverJar;
    private final Path out;
    private final Path work;
    private final int files;
    private final int size;
    private final int reps;
    private final boolean reopenOnly;
    private final Results results = new Results();

    private StorageBench(Map<String, String> a) {
        serverJar = Path.of(a.get("--server-jar"));
        out = Path.of(a.get("--out"));
        work = Path.of(a.get("--work"));
        files = Integer.parseInt(a.getOrDefault("--files", "10000"));
        size = Integer.parseInt(a.getOrDefault("--size", "10240"));
        reps = Integer.parseInt(a.getOrDefault("--reps", "10"));
        String only = a.get("--only");
        if (only != null && !only.equals("reopen")) {
            throw new IllegalArgumentException("--only takes reopen");
        }
        reopenOnly = only != null;
    }

    public static void main(String[] args) throws Exception {
        new StorageBench(Flags.parse(args)).run();
    }

    private ServerProcess engine(Path dataDir) throws IOException {
        List<String> jvm = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        String extra = System.getProperty("storage.jvm");
        if (extra != null && !extra.isBlank()) {
            jvm.addAll(List.of(extra.split(" ")));
        }
        return ServerProcess.start(jvm,
                List.of("-jar", serverJar.toString(), "--data-dir", dataDir.toString()),
                out.resolve("storage-engine-stderr.log"), null);
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        if (reopenOnly) {
            reopenOnly();
            return;
        }
        Trees.delete(work);
        Path dataDir = dataDir();
        Path src = work.resolve("src");
        Path gitTree = work.resolve("gittree");
        Path gitDir = work.resolve("git.git");
        Trees.write(src, files, size, 42);
        Proc.run(work, null, "cp", "-r", src.toString(), gitTree.toString());
        Map<String, String> git = gitEnv(gitDir, gitTree);
        Proc.run(work, git, "git", "init", "-q");
        Proc.run(gitTree, git, "git", "add", "-A");
        Proc.run(gitTree, git, "git", "commit", "-q", "-m", "A");
        Trees.rewrite(gitTree, 0, size, 1, 5);
        Proc.run(gitTree, git, "git", "commit", "-q", "-a", "-m", "B");

        String wb;
        String oneA;
        String oneB;
        String fullX;
        String fullY;
        String wbFull;
        String wbCreate;
        Path srcCreate = work.resolve("src-create");
        Path gitCreate = work.resolve("gitcreate");
        Map<String, String> git2 = gitEnv(work.resolve("gitcreate.git"), gitCreate);
        Proc.run(work, null, "cp", "-r", src.toString(), srcCreate.toString());
        Proc.run(work, null, "cp", "-r", src.toString(), gitCreate.toString());
        Proc.run(work, git2, "git", "init", "-q");
        Proc.run(gitCreate, git2, "git", "add", "-A");
        Proc.run(gitCreate, git2, "git", "commit", "-q", "-m", "base");
        try (ServerProcess e = engine(dataDir)) {
            wb = call(e, "WorkbenchCreate", Map.of("name", "one")).path("workbench_id").asText();
            add(e, wb, src, allNames());
            oneA = checkpoint(e, wb);
            Trees.rewrite(src, 0, size, 1, 5);
            call(e, "WorkbenchFilesRemove", Map.of("workbench_id", wb, "workbench_paths", List.of(Trees.name(0))));
            add(e, wb, src, List.of(Trees.name(0)));
            oneB = checkpoint(e, wb);
            // the fully different tree: every file rewritten
            wbFull = call(e, "WorkbenchCreate", Map.of("name", "full")).path("workbench_id").asText();
            add(e, wbFull, src, allNames());
            fullX = checkpoint(e, wbFull);
            for (int i = 0; i < files; i++) {
                Trees.rewrite(src, i, size, 2, 7);
            }
            call(e, "WorkbenchFilesRemove", Map.of("workbench_id", wbFull, "workbench_paths", allNames()));
            add(e, wbFull, src, allNames());
            fullY = checkpoint(e, wbFull);
            wbCreate = call(e, "WorkbenchCreate", Map.of("name", "create")).path("workbench_id").asText();
            add(e, wbCreate, srcCreate, allNames());
            checkpoint(e, wbCreate);
            for (String w : List.of(wb, wbFull, wbCreate)) {
                Quiet.settle(e.rpc, w);
            }
            log("setup done");

            Path peer = work.resolve("peer");
            Path peerSnap = work.resolve("peer-snapshot");
            Proc.run(work, null, "cp", "-r", src.toString(), peer.toString());
            Proc.run(work, null, "cp", "-al", peer.toString(), peerSnap.toString());
            for (int rep = 0; rep < reps; rep++) {
                String oneTarget = rep % 2 == 0 ? oneA : oneB;
                String fullTarget = rep % 2 == 0 ? fullX : fullY;
                for (int v = 0; v < 6; v++) {
                    switch ((v + rep) % 6) {
                        case 4 -> {
                            // one file changed (through the engine, untimed), then the checkpoint (timed)
                            int k = 1 + rep % (files - 1);
                            Trees.rewrite(srcCreate, k, size, 3 + rep, 11);
                            call(e, "WorkbenchFilesRemove", Map.of("workbench_id", wbCreate,
                                    "workbench_paths", List.of(Trees.name(k))));
                            add(e, wbCreate, srcCreate, List.of(Trees.name(k)));
                            long t0 = System.nanoTime();
                            checkpoint(e, wbCreate);
                            results.add("create_one_changed", "trestle_create", "10000x10KB", rep,
                                    (System.nanoTime() - t0) / 1e6, "ms");
                        }
                        case 5 -> {
                            int k = 1 + rep % (files - 1);
                            Trees.rewrite(gitCreate, k, size, 3 + rep, 11);
                            double add = Proc.run(gitCreate, git2, "git", "add", "-A");
                            double commit = Proc.run(gitCreate, git2, "git", "commit", "-q", "-m", "r" + rep);
                            results.add("create_one_changed", "git_add_commit", "10000x10KB", rep, add + commit,
                                    "ms");
                        }
                        case 0 -> results.add("restore_one_differs", "trestle_restore", "10000x10KB", rep,
                                restore(e, wb, oneTarget), "ms");
                        case 1 -> results.add("restore_one_differs", "git_reset_hard", "10000x10KB", rep,
                                Proc.run(gitTree, git, "git", "reset", "-q", "--hard",
                                        rep % 2 == 0 ? "HEAD~1" : "HEAD@{1}"), "ms");
                        case 2 -> results.add("restore_all_differ", "trestle_restore", "10000x10KB", rep,
                                restore(e, wbFull, fullTarget), "ms");
                        default -> {
                            Path incoming = work.resolve("peer.new");
                            Path old = work.resolve("peer.old");
                            double t = Proc.run(work, null, "cp", "-al", peerSnap.toString(), incoming.toString());
                            long t0 = System.nanoTime();
                            Files.move(peer, old);
                            Files.move(incoming, peer);
                            results.add("restore_all_differ", "cp_al_rename", "10000x10KB", rep,
                                    t + (System.nanoTime() - t0) / 1e6, "ms");
                            Trees.delete(old);
                        }
                    }
                }
            }
            // the reopen Workbench has at least 40 checkpoints
            int have = call(e, "CheckpointsList", Map.of("workbench_id", wb)).path("checkpoints").size();
            for (int i = have; i < 40; i++) {
                checkpoint(e, wb);
            }
        }
        log("restore scenarios done");
        reopen(dataDir, wb, Math.max(3, reps / 2));
        summary();
        Trees.delete(work);
    }

    /** After a clean restart: the first and the second WorkbenchFilesList, each rep in a new engine process. */
    private void reopen(Path dataDir, String wb, int times) throws Exception {
        String config = files + "x" + size / 1024 + "KB_40cp";
        for (int rep = 0; rep < times; rep++) {
            try (ServerProcess e = engine(dataDir)) {
                call(e, "EngineGetInfo", Map.of());
                long t0 = System.nanoTime();
                call(e, "WorkbenchFilesList", Map.of("workbench_id", wb));
                results.add("reopen_files_list", "first_after_clean_restart", config, rep,
                        (System.nanoTime() - t0) / 1e6, "ms");
                t0 = System.nanoTime();
                call(e, "WorkbenchFilesList", Map.of("workbench_id", wb));
                results.add("reopen_files_list", "second", config, rep,
                        (System.nanoTime() - t0) / 1e6, "ms");
                // the clutter bar a reopened window asks for next: from the kept counts, without the encoder
                t0 = System.nanoTime();
                String source = call(e, "WorkbenchGetClutter", Map.of("workbench_id", wb)).path("source").asText();
                results.add("reopen_clutter", "first_after_clean_restart_" + source, config, rep,
                        (System.nanoTime() - t0) / 1e6, "ms");
            }
        }
    }

    /** {@code --only reopen}: prepares (once) a Workbench of {@code files} files with 40 checkpoints, then reopens it. */
    private void reopenOnly() throws Exception {
        Path dataDir = work.resolve("data");
        Path marker = work.resolve("reopen-workbench-id");
        String wb;
        if (Files.isRegularFile(marker)) {
            wb = Files.readString(marker).trim();
        } else {
            Trees.delete(work);
            dataDir();
            Path src = work.resolve("src");
            Trees.write(src, files, size, 42);
            try (ServerProcess e = engine(dataDir)) {
                wb = call(e, "WorkbenchCreate", Map.of("name", "reopen")).path("workbench_id").asText();
                add(e, wb, src, allNames());
                for (int i = 0; i < 40; i++) {
                    Trees.rewrite(src, i, size, 3, 11);
                    call(e, "WorkbenchFilesRemove", Map.of("workbench_id", wb,
                            "workbench_paths", List.of(Trees.name(i))));
                    add(e, wb, src, List.of(Trees.name(i)));
                    checkpoint(e, wb);
                }
                Quiet.settle(e.rpc, wb);
            }
            Files.writeString(marker, wb);
            log("reopen Workbench prepared");
        }
        reopen(dataDir, wb, reps);
        summary();
    }

    /** The engine's data dir in {@code work}, with limits that admit the trees (20 000 files, 25 MB each). */
    private Path dataDir() throws IOException {
        Path dataDir = Files.createDirectories(work.resolve("data"));
        Files.writeString(dataDir.resolve("settings.json"),
                "{\"schema_version\":1,\"limits\":{\"max_files\":20000,\"max_file_bytes\":26214400}}");
        return dataDir;
    }

    private void summary() throws IOException {
        results.writeCsv(out.resolve("storage-raw.csv"));
        results.writeSummaryCsv(out.resolve("storage-summary.csv"));
        System.out.print(Files.readString(out.resolve("storage-summary.csv")));
    }

    private List<String> allNames() {
        List<String> out = new ArrayList<>(files);
        for (int i = 0; i < files; i++) {
            out.add(Trees.name(i));
        }
        return out;
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

    private static double restore(ServerProcess e, String wb, String checkpoint) throws Exception {
        long t0 = System.nanoTime();
        call(e, "CheckpointsRestore", Map.of("workbench_id", wb, "checkpoint_id", checkpoint));
        return (System.nanoTime() - t0) / 1e6;
    }

    private static Map<String, String> gitEnv(Path gitDir, Path tree) {
        return Map.ofEntries(Map.entry("GIT_CONFIG_COUNT", "2"), Map.entry("GIT_CONFIG_KEY_0", "gc.auto"),
                Map.entry("GIT_CONFIG_VALUE_0", "0"), Map.entry("GIT_CONFIG_KEY_1", "maintenance.auto"),
                Map.entry("GIT_CONFIG_VALUE_1", "false"), Map.entry("GIT_DIR", gitDir.toString()),
                Map.entry("GIT_WORK_TREE", tree.toString()),
                Map.entry("GIT_AUTHOR_NAME", "bench"), Map.entry("GIT_AUTHOR_EMAIL", "bench@localhost"),
                Map.entry("GIT_COMMITTER_NAME", "bench"), Map.entry("GIT_COMMITTER_EMAIL", "bench@localhost"),
                Map.entry("GIT_CONFIG_NOSYSTEM", "1"), Map.entry("HOME", tree.getParent().toString()));
    }

    private static void log(String s) {
        System.err.println("[storage] " + s);
    }
}
