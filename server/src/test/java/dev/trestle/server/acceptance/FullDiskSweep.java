package dev.trestle.server.acceptance;

import static dev.trestle.server.acceptance.EngineHarness.params;
import static dev.trestle.server.acceptance.ScenarioSupport.conversation;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import com.google.gson.JsonObject;
import dev.trestle.adapters.support.FaultyFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Every mutating RPC is all or nothing on a full disk, checked SQLite-style through the real engine: the data dir
 * lives on a {@link FaultyFileSystem} (Jimfs inside) that fails like Linux once a byte budget is spent (a short
 * write, then {@code ENOSPC}, {@code EDQUOT} or {@code EIO}). For each RPC the budget is set to 0, then
 * {@link #STEP} more bytes each round, and the RPC called until it succeeds. Each failure must be a structured error
 * of the disk kind with every file of the data dir byte-identical (the engine log aside); the first success must leave
 * exactly the promised state.
 *
 * <p>This base holds the sweep and the snapshot; {@link FullDiskFilesTest} (files, checkpoints, start on a full
 * disk, inodes) and {@link FullDiskWorkshopTest} (settings, consent, conversation, proposals, Draft) hold the RPCs.
 */
abstract class FullDiskSweep {
    /** Bytes of budget added per round. */
    static final long STEP = 199;
    static final int MAX_ROUNDS = 2_000;
    static final Set<String> DISK_CODES = Set.of("DISK_FULL", "FILE_WRITE_FAILED",
            "CHECKPOINT_CREATE_FAILED", "CHECKPOINT_RESTORE_FAILED");

    FaultyFileSystem fs;
    ScenarioSupport s;
    EngineHarness h;
    /** Ids of the automatic checkpoints listed at the last snapshot. */
    private final Set<String> safetyCheckpoints = new java.util.HashSet<>();
    /**
     * The egress log of a Workshop call that reached the provider: the receipts of requests that left (and the call's
     * outcome) are the audit trail of what happened, failure included, like the Workbench event log.
     */
    boolean egressIsAudit;

    @BeforeEach
    void start() throws Exception {
        fs = FaultyFileSystem.wrap(Jimfs.newFileSystem(Configuration.unix()));
        s = ScenarioSupport.in(Files.createDirectories(fs.getPath("/tmp")));
        h = EngineHarness.start(s.dataDir);
    }

    @AfterEach
    void stop() throws Exception {
        fs.unlimited();
        h.close();
        fs.close();
    }

    /** One mutating call and what its success must leave. */
    interface Step {
        EngineHarness.Response call();
    }

    interface Check {
        void verify(EngineHarness.Response ok) throws Exception;
    }

    /** Calls {@code step} with 0, STEP, 2·STEP, … bytes free until it succeeds; returns the number of failures. */
    int sweep(FaultyFileSystem.Fault fault, Step step, Check check) throws Exception {
        return sweep(fault, false, step, check);
    }

    /**
     * As {@link #sweep(FaultyFileSystem.Fault, Step, Check)}; with {@code inodes}, the space is unlimited and 0, 1, 2, …
     * more files, folders or links may be created (inode exhaustion).
     */
    int sweep(FaultyFileSystem.Fault fault, boolean inodes, Step step, Check check) throws Exception {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Map<String, String> before = snapshot();
            if (inodes) {
                fs.allowEntries(round);
            } else {
                fs.allow(round * STEP, fault);
            }
            EngineHarness.Response r = step.call();
            fs.unlimited();
            if (r.ok()) {
                check.verify(r);
                return round;
            }
            String code = r.errorCode();
            assertThat(code).as("round %d: %s", round, r).isIn(DISK_CODES);
            if (fault == FaultyFileSystem.Fault.ENOSPC || fault == FaultyFileSystem.Fault.EDQUOT) {
                assertThat(code).as("round %d: %s", round, r).isNotEqualTo("FILE_WRITE_FAILED");
            }
            assertThat(r.toString()).doesNotContain("Exception");
            List<String> changed = diff(before, snapshot());
            // decision (docs/decisions): the automatic checkpoint taken before a change is a step of its own that
            // committed; it records the unchanged state and stays listed when the change after it fails
            changed.removeIf(line -> safetyCheckpoints.stream().anyMatch(id -> line.contains("/checkpoints/" + id)));
            assertThat(changed).as("round %d: %s", round, r).isEmpty();
        }
        throw new AssertionError("never succeeded");
    }

    /**
     * Every file and link of the data dir but the engine log and lock and the Workbench event logs (which record the
     * failure itself, as they must), and the conversation without its failure records; empty folders do not count.
     */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> out = new TreeMap<>();
        safetyCheckpoints.clear();
        if (Files.isDirectory(s.dataDir.resolve("workbenches"))) {
            try (Stream<Path> wbs = Files.list(s.dataDir.resolve("workbenches"))) {
                for (Path wb : (Iterable<Path>) wbs::iterator) {
                    EngineHarness.Response list = h.call("CheckpointsList", params("workbench_id",
                            wb.getFileName().toString()));
                    if (list.ok()) {
                        list.result().getAsJsonArray("checkpoints").forEach(c -> {
                            JsonObject o = c.getAsJsonObject();
                            if (Set.of("auto", "pre_restore", "publish").contains(o.get("reason").getAsString())) {
                                safetyCheckpoints.add(o.get("checkpoint_id").getAsString());
                            }
                        });
                    }
                }
            }
        }
        try (Stream<Path> walk = Files.walk(s.dataDir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = s.dataDir.relativize(p).toString();
                if (rel.startsWith("logs") || rel.equals("engine.lock") || rel.endsWith("workbench_events.jsonl")
                        || egressIsAudit && rel.endsWith("egress_events.jsonl")) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "link " + Files.readSymbolicLink(p));
                } else if (rel.endsWith("conversation.jsonl") && !rel.contains("meta_snapshot")) {
                    // a failure may record itself (system events *_failed, rpc.md §2); nothing else may change
                    out.put(rel, sha(Files.readAllLines(p).stream().filter(l -> !l.matches(".*\"event_kind\"\\s*:"
                            + "\\s*\"[a-z_]+_failed\".*")).reduce("", (a, b) -> a + b + "\n").getBytes()));
                } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(rel, sha(Files.readAllBytes(p)) + (Files.isWritable(p) ? "" : " ro"));
                }
            }
        }
        return out;
    }

    /** What changed from {@code before} to {@code after}: one line per added, removed or changed entry. */
    private static List<String> diff(Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        before.forEach((k, v) -> {
            if (!after.containsKey(k)) {
                out.add("- " + k);
            } else if (!after.get(k).equals(v)) {
                out.add("~ " + k);
            }
        });
        after.keySet().stream().filter(k -> !before.containsKey(k)).forEach(k -> out.add("+ " + k));
        return out;
    }

    private static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String workbench() {
        ScenarioSupport.configureOpenAiAndAnthropic(h);
        String wb = ScenarioSupport.createWorkbench(h);
        ScenarioSupport.addFiles(h, wb, s.notes, s.data);
        return wb;
    }

    /** The user and assistant messages (a failed call may record a system event, rpc.md §2). */
    List<JsonObject> messages(String wb) {
        return ScenarioSupport.conversation(h, wb).stream()
                .filter(m -> !m.get("type").getAsString().equals("system_event")).toList();
    }

    List<String> files(String wb) {
        List<String> names = new ArrayList<>();
        h.call("WorkbenchFilesList", params("workbench_id", wb)).result().getAsJsonArray("files")
                .forEach(f -> names.add(f.getAsJsonObject().get("path").getAsString()));
        return names;
    }
}
