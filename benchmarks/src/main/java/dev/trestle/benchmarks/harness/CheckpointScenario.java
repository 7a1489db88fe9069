package dev.trestle.benchmarks.harness;

import static dev.trestle.benchmarks.harness.ProcessBench.CALL_TIMEOUT_MS;
import static dev.trestle.benchmarks.harness.ProcessBench.human;
import static dev.trestle.benchmarks.harness.ProcessBench.log;
import static dev.trestle.benchmarks.harness.ProcessBench.ms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trestle.benchmarks.fixture.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint scenario of {@link ProcessBench}: for one tree shape, the engine's checkpoint create and restore
 * against its peers ({@code cp -r}, {@code cp -al}, git add + commit, git reset --hard), each repetition after
 * changing some files.
 */
final class CheckpointScenario {
    private final ProcessBench.Options opt;
    private final Results results;

    CheckpointScenario(ProcessBench.Options opt, Results results) {
        this.opt = opt;
        this.results = results;
    }

    /**
     * One tree shape: setup, then per repetition every variant once after changing {@code s.changed()} files, and, when
     * {@code alsoChanged} > 0, every variant once more after changing that many files (reported as its own shape).
     */
    String run(ServerProcess engine, ProcessBench.Shape s, int alsoChanged) throws Exception {
        log("checkpoint scenario " + s.key() + " (" + human(s.totalBytes()) + ")");
        Path base = opt.work().resolve("shape-" + s.key().replace(',', '-').replace('=', '-'));
        Path src = base.resolve("src");
        Path peer = base.resolve("peer");
        Path gitTree = base.resolve("gittree");
        Path gitDir = base.resolve("git.git");
        Trees.write(src, s.files(), s.size(), 42);
        Proc.run(base, null, "cp", "-r", src.toString(), peer.toString());
        Proc.run(base, null, "cp", "-r", src.toString(), gitTree.toString());
        Map<String, String> gitEnv = gitEnv(gitDir, gitTree);
        Proc.run(base, gitEnv, "git", "init", "-q");
        Proc.run(gitTree, gitEnv, "git", "add", "-A");
        Proc.run(gitTree, gitEnv, "git", "commit", "-q", "-m", "initial");
        Path peerSnapshot = base.resolve("peer-snapshot");
        Proc.run(base, null, "cp", "-al", peer.toString(), peerSnapshot.toString());

        String wb = engine.rpc.call("WorkbenchCreate", Map.of("name", "bench " + s.key()), CALL_TIMEOUT_MS)
                .path("workbench_id").asText();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < s.files(); i++) {
            paths.add(src.resolve(Trees.name(i)).toString());
        }
        JsonNode added = engine.rpc.call("WorkbenchFilesAdd", Map.of("workbench_id", wb, "source_paths", paths),
                CALL_TIMEOUT_MS);
        long ok = 0;
        for (JsonNode r : added.path("add_results")) {
            ok += r.path("status").asText().equals("added") ? 1 : 0;
        }
        if (ok != s.files()) {
            throw new IOException("engine added " + ok + " of " + s.files() + " files");
        }
        log("  setup done (engine add of " + s.files() + " files included)");
        String previous = engine.rpc.call("CheckpointsCreate", Map.of("workbench_id", wb, "description", "base"),
                CALL_TIMEOUT_MS).path("checkpoint_id").asText();

        List<ProcessBench.Shape> rounds = alsoChanged > 0 ? List.of(s, new ProcessBench.Shape(s.files(), s.size(), alsoChanged)) : List.of(s);
        List<String> variants = List.of("trestle_create", "git_commit_incremental", "git_commit_first", "cp_al",
                "cp_r", "trestle_restore", "cp_al_rename_restore", "spawn_floor");
        boolean heavy = s.totalBytes() > 256L * 1024 * 1024;
        int generation = 0;
        int offset = 0;
        for (int rep = 0; rep < opt.reps(); rep++) {
          for (ProcessBench.Shape round : rounds) {
            String cfg = round.key();
            // mutate `changed` files in every tree (untimed): the engine via remove + add, the peers in place
            generation++;
            List<String> names = new ArrayList<>();
            for (int j = 0; j < round.changed(); j++) {
                int idx = offset++ % s.files();
                names.add(Trees.name(idx));
                Trees.rewrite(src, idx, s.size(), generation, 5);
                Trees.rewrite(peer, idx, s.size(), generation, 5);
                Trees.rewrite(gitTree, idx, s.size(), generation, 5);
            }
            engine.rpc.call("WorkbenchFilesRemove", Map.of("workbench_id", wb, "workbench_paths", names),
                    CALL_TIMEOUT_MS);
            engine.rpc.call("WorkbenchFilesAdd", Map.of("workbench_id", wb, "source_paths",
                    names.stream().map(n -> src.resolve(n).toString()).toList()), CALL_TIMEOUT_MS);

            for (int v = 0; v < variants.size(); v++) {
                String variant = variants.get((v + rep) % variants.size());
                switch (variant) {
                    case "trestle_create" -> {
                        long t0 = System.nanoTime();
                        JsonNode r = engine.rpc.call("CheckpointsCreate", Map.of("workbench_id", wb,
                                "description", "rep " + rep), CALL_TIMEOUT_MS);
                        results.add("checkpoint", variant, cfg, rep, ms(t0), "ms");
                        previous = r.path("checkpoint_id").asText();
                    }
                    case "git_commit_incremental" -> {
                        double add = Proc.run(gitTree, gitEnv, "git", "add", "-A");
                        double commit = Proc.run(gitTree, gitEnv, "git", "commit", "-q", "-m", "rep " + rep);
                        results.add("checkpoint", variant, cfg, rep, add + commit, "ms");
                    }
                    case "git_commit_first" -> {
                        // a first commit does not depend on how many files changed: measured on the first round only
                        if (round.changed() > 1 || heavy && rep >= 3 || opt.quick() && s.files() >= 10_000 && rep >= 2) {
                            continue;
                        }
                        Path fresh = base.resolve("git-first.git");
                        Trees.delete(fresh);
                        Map<String, String> env = gitEnv(fresh, gitTree);
                        Proc.run(base, env, "git", "init", "-q");
                        double add = Proc.run(gitTree, env, "git", "add", "-A");
                        double commit = Proc.run(gitTree, env, "git", "commit", "-q", "-m", "first");
                        results.add("checkpoint", variant, cfg, rep, add + commit, "ms");
                        Trees.delete(fresh);
                    }
                    case "cp_al" -> {
                        Path snap = base.resolve("snap-al");
                        results.add("checkpoint", variant, cfg, rep,
                                Proc.run(base, null, "cp", "-al", peer.toString(), snap.toString()), "ms");
                        Trees.delete(snap);
                    }
                    case "cp_r" -> {
                        Path copy = base.resolve("copy-r");
                        results.add("checkpoint", variant, cfg, rep,
                                Proc.run(base, null, "cp", "-r", peer.toString(), copy.toString()), "ms");
                        Trees.delete(copy);
                    }
                    case "trestle_restore" -> {
                        long t0 = System.nanoTime();
                        engine.rpc.call("CheckpointsRestore", Map.of("workbench_id", wb, "checkpoint_id", previous),
                                CALL_TIMEOUT_MS);
                        results.add("restore", variant, cfg, rep, ms(t0), "ms");
                    }
                    case "cp_al_rename_restore" -> {
                        Path incoming = base.resolve("peer.new");
                        Path old = base.resolve("peer.old");
                        double t = Proc.run(base, null, "cp", "-al", peerSnapshot.toString(), incoming.toString());
                        long t0 = System.nanoTime();
                        Files.move(peer, old);
                        Files.move(incoming, peer);
                        results.add("restore", variant, cfg, rep, t + ms(t0), "ms");
                        Trees.delete(old);
                    }
                    case "spawn_floor" -> results.add("checkpoint", variant, cfg, rep,
                            Proc.run(base, null, "true"), "ms");
                    default -> throw new IllegalStateException(variant);
                }
            }
          }
        }
        // the source trees are no longer needed; the engine keeps its own copies
        for (Path p : List.of(peer, gitTree, gitDir, peerSnapshot)) {
            Trees.delete(p);
        }
        return wb;
    }

    private static Map<String, String> gitEnv(Path gitDir, Path tree) {
        // no detached auto-gc/maintenance: it would run concurrently with the next measurements
        return Map.ofEntries(Map.entry("GIT_CONFIG_COUNT", "2"), Map.entry("GIT_CONFIG_KEY_0", "gc.auto"),
                Map.entry("GIT_CONFIG_VALUE_0", "0"), Map.entry("GIT_CONFIG_KEY_1", "maintenance.auto"),
                Map.entry("GIT_CONFIG_VALUE_1", "false"), Map.entry("GIT_DIR", gitDir.toString()),
                Map.entry("GIT_WORK_TREE", tree.toString()),
                Map.entry("GIT_AUTHOR_NAME", "bench"), Map.entry("GIT_AUTHOR_EMAIL", "bench@localhost"),
                Map.entry("GIT_COMMITTER_NAME", "bench"), Map.entry("GIT_COMMITTER_EMAIL", "bench@localhost"),
                Map.entry("GIT_CONFIG_NOSYSTEM", "1"), Map.entry("HOME", tree.getParent().toString()));
    }
}
