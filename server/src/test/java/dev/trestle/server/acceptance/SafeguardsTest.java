package dev.trestle.server.acceptance;

import static dev.trestle.server.acceptance.A2Fixtures.DATA;
import static dev.trestle.server.acceptance.A2Fixtures.NOTES;
import static dev.trestle.server.acceptance.A2Fixtures.grantConsent;
import static dev.trestle.server.acceptance.A2Fixtures.names;
import static dev.trestle.server.acceptance.A2Fixtures.proposeAndApply;
import static dev.trestle.server.acceptance.A2Fixtures.textTree;
import static dev.trestle.server.acceptance.A2Fixtures.wbDir;
import static dev.trestle.server.acceptance.EngineHarness.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.trestle.adapters.fs.FaultInjectingStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engine safeguards (acceptance.md §4 S3, S4), bad input, link safety and crash recovery through the real engine. */
class SafeguardsTest {
    @TempDir
    Path tmp;
    A2Fixtures fx;

    @BeforeEach
    void fixtures() throws Exception {
        fx = new A2Fixtures(tmp.resolve("fixtures"));
    }

    /** Every file of the data dir except the engine log and lock (which only the engine's own lifecycle touches). */
    private static Map<String, String> dataState(EngineHarness h) throws Exception {
        Map<String, String> all = new TreeMap<>(textTree(h.dataDir));
        // engine bookkeeping: logs, the lock, and the clean-stop marker a first use consumes (storage.md §9)
        all.keySet().removeIf(k -> k.startsWith("logs/") || k.equals("engine.lock")
                || k.endsWith("/meta/clean.json"));
        return all;
    }

    /** published/, the four swapped meta files and the Draft: what "pre-" or "post-operation state" means here. */
    private static Map<String, String> workbenchState(EngineHarness h, String wb) throws Exception {
        Path root = wbDir(h, wb);
        Map<String, String> out = new LinkedHashMap<>();
        textTree(root.resolve("published")).forEach((k, v) -> out.put("published/" + k, v));
        textTree(root.resolve("draft")).forEach((k, v) -> out.put("draft/" + k, v));
        for (String name : List.of("files.json", "workbench.json", "conversation.jsonl", "workshop_state.json",
                "draft.json")) {
            Path p = root.resolve("meta").resolve(name);
            out.put("meta/" + name, Files.exists(p) ? A2Fixtures.sha256(Files.readAllBytes(p)) : "absent");
        }
        return out;
    }

    private static void assertNoTransients(Path root) throws Exception {
        assertThat(names(root)).containsAnyOf("published").noneMatch(n -> n.endsWith(".staging")
                || n.equals("published.prev") || n.equals("published.restore_tmp") || n.startsWith("."));
        assertThat(names(root.resolve("meta"))).noneMatch(n -> n.endsWith(".prev") || n.startsWith(".")
                || n.equals("restore_tmp") || n.equals("restore.json") || n.equals("publish.json"));
        assertThat(names(root.resolve("published"))).noneMatch(n -> n.startsWith("."));
        assertThat(names(root.resolve("meta/checkpoints/objects"))).noneMatch(n -> n.startsWith("."));
    }

    // ---------------------------------------------------------------- S3 and bad input

    @Test
    void missing_or_mistyped_workbench_ids_are_invalid_params() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            for (String params : List.of("{}", "{\"workbench_id\":5}", "{\"workbench_id\":null}",
                    "{\"workbench_id\":[\"x\"]}")) {
                EngineHarness.Response r = h.call("WorkbenchOpen", params);
                assertThat(r.error().get("code").getAsInt()).as(params).isEqualTo(-32000);
                assertThat(r.errorCode()).as(params).isEqualTo("VALIDATION_FAILED");
                assertThat(r.detailToken()).as(params).isEqualTo("invalid_params");
            }
        }
    }

    @Test
    void hostile_ids_are_refused_without_touching_any_file() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            h.call("CheckpointsCreate", params("workbench_id", wb)).result();
            Map<String, String> before = dataState(h);
            List<String> hostile = List.of("..", "../" + wb, wb + "/..", "a/b", "/etc/passwd", "x\u0000y",
                    wb + "\u0000", "", " ", "..\\..", wb.toLowerCase());
            for (String id : hostile) {
                for (String method : List.of("WorkbenchOpen", "WorkbenchFilesList", "WorkbenchDelete",
                        "CheckpointsCreate", "WorkbenchFilesAdd")) {
                    JsonObject p = params("workbench_id", id, "source_paths", List.of(fx.scopeChange.toString()));
                    EngineHarness.Response r = h.call(method, p);
                    assertThat(r.errorCode()).as(method + " " + id).isEqualTo("VALIDATION_FAILED");
                    assertThat(r.detailToken()).as(method + " " + id).isIn("unknown_workbench", "invalid_params");
                }
                EngineHarness.Response cp = h.call("CheckpointsRestore", params("workbench_id", wb,
                        "checkpoint_id", id));
                assertThat(cp.detailToken()).as("checkpoint " + id).isIn("unknown_checkpoint", "invalid_params");
                EngineHarness.Response get = h.call("CheckpointsGet", params("workbench_id", wb,
                        "checkpoint_id", id));
                assertThat(get.detailToken()).as("checkpoint " + id).isIn("unknown_checkpoint", "invalid_params");
                EngineHarness.Response pr = h.call("WorkshopApplyProposal", params("workbench_id", wb,
                        "proposal_id", id));
                assertThat(pr.detailToken()).as("proposal " + id).isIn("unknown_proposal", "invalid_params");
                EngineHarness.Response rm = h.call("WorkbenchFilesRemove", params("workbench_id", wb,
                        "workbench_paths", List.of(id, "../" + NOTES)));
                rm.result().getAsJsonArray("remove_results").forEach(x ->
                        assertThat(x.getAsJsonObject().get("status").getAsString()).isNotEqualTo("removed"));
            }
            assertThat(dataState(h)).isEqualTo(before);
            assertThat(h.call("EngineGetInfo", "{}").ok()).isTrue();
        }
    }

    @Test
    void corrupt_or_future_workbench_and_files_json_fail_file_read_failed_and_stay_byte_identical()
            throws Exception {
        for (String file : List.of("workbench.json", "files.json")) {
            for (String content : List.of("{not json", "{\"schema_version\": 99, \"files\": []}")) {
                Path dataDir = Files.createTempDirectory(tmp, "data");
                try (EngineHarness h = EngineHarness.start(dataDir)) {
                    String wb = fx.standardSetup(h);
                    Path target = wbDir(h, wb).resolve("meta").resolve(file);
                    h.restart(() -> Files.writeString(target, content));
                    Map<String, String> before = dataState(h);
                    for (String method : List.of("WorkbenchOpen", "WorkbenchFilesList", "CheckpointsCreate",
                            "WorkbenchFilesAdd", "WorkshopSendUserMessage")) {
                        EngineHarness.Response r = h.call(method, params("workbench_id", wb, "source_paths",
                                List.of(fx.scopeChange.toString()), "text", "hi"));
                        String what = file + " " + content + " " + method;
                        if (file.equals("workbench.json") && !r.ok() && r.errorCode().equals("VALIDATION_FAILED")) {
                            // an unreadable workbench.json may also read as "no such workbench"
                            assertThat(r.detailToken()).as(what).isEqualTo("unknown_workbench");
                        } else {
                            assertThat(r.errorCode()).as(what).isEqualTo("FILE_READ_FAILED");
                        }
                    }
                    assertThat(Files.readString(target)).isEqualTo(content);
                    assertThat(dataState(h)).isEqualTo(before);
                    assertThat(h.call("WorkbenchList", "{}").ok()).isTrue();
                }
            }
        }
    }

    @Test
    void corrupt_or_future_settings_json_fails_file_read_failed_and_is_never_overwritten() throws Exception {
        for (String content : List.of("{\"schema_version\":1,", "{\"schema_version\": 7}")) {
            Path dataDir = Files.createTempDirectory(tmp, "data");
            try (EngineHarness h = EngineHarness.start(dataDir)) {
                h.call("ProvidersSetApiKey", params("provider_id", "openai", "api_key", "sk-a")).result();
                Path settings = dataDir.resolve("settings.json");
                h.restart(() -> Files.writeString(settings, content));
                for (String[] call : new String[][] {
                    {"UserGetDefaultModel", "{}"},
                    {"UserSetDefaultModel", "{\"model_id\":\"mistral:mistral-large\"}"},
                    {"ProvidersSetEnabled", "{\"provider_id\":\"openai\",\"enabled\":false}"},
                    {"ProvidersSetApiKey", "{\"provider_id\":\"openai\",\"api_key\":\"sk-b\"}"}}) {
                    EngineHarness.Response r = h.call(call[0], call[1]);
                    assertThat(r.errorCode()).as(content + " " + call[0]).isEqualTo("FILE_READ_FAILED");
                    assertThat(Files.readString(settings)).as(call[0]).isEqualTo(content);
                }
                assertThat(h.call("EngineGetInfo", "{}").ok()).isTrue();
            }
        }
    }

    // ---------------------------------------------------------------- link safety

    @Test
    void published_files_never_share_an_inode_with_user_sources_so_source_edits_change_nothing() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            String c1 = h.call("CheckpointsCreate", params("workbench_id", wb)).result().get("checkpoint_id")
                    .getAsString();
            Path root = wbDir(h, wb);
            Path published = root.resolve("published").resolve(NOTES);
            byte[] original = Files.readAllBytes(published);
            assertThat(Files.isSameFile(published, fx.notes)).isFalse();
            // a source that is itself a hard link to another user file
            Path twin = Files.createLink(tmp.resolve("fixtures").resolve("twin.txt"), fx.scopeChange);
            h.call("WorkbenchFilesAdd", params("workbench_id", wb, "source_paths", List.of(twin.toString())))
                    .result();
            assertThat(Files.isSameFile(root.resolve("published/twin.txt"), twin)).isFalse();

            Files.writeString(fx.notes, "edited in place by the user", StandardOpenOption.TRUNCATE_EXISTING);
            Files.writeString(fx.scopeChange, "edited too", StandardOpenOption.TRUNCATE_EXISTING);
            assertThat(Files.readAllBytes(published)).isEqualTo(original);
            assertThat(Files.readString(root.resolve("published/twin.txt"))).isEqualTo("s".repeat(20));
            h.call("WorkbenchFilesRemove", params("workbench_id", wb, "workbench_paths", List.of(NOTES))).result();
            h.call("CheckpointsRestore", params("workbench_id", wb, "checkpoint_id", c1)).result();
            assertThat(Files.readAllBytes(published)).isEqualTo(original);
        }
    }

    // ---------------------------------------------------------------- S4

    @Test
    void cancel_drops_a_queued_mutation_but_not_the_one_holding_the_lock() throws Exception {
        AtomicBoolean hold = new AtomicBoolean();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"), false,
                (dir, clock, ids, log) -> FaultInjectingStores.withRenameHook(dir, clock, ids, log, (from, to) -> {
                    if (hold.compareAndSet(true, false)) {
                        holding.countDown();
                        try {
                            release.await(EngineHarness.TIMEOUT_S, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }))) {
            String wb = fx.standardSetup(h);
            Path first = Files.writeString(tmp.resolve("first.txt"), "first\n");
            Path second = Files.writeString(tmp.resolve("second.txt"), "second\n");
            hold.set(true);
            int a = h.send("WorkbenchFilesAdd", params("workbench_id", wb, "source_paths",
                    List.of(first.toString())).toString());
            assertThat(holding.await(EngineHarness.TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            int b = h.send("WorkbenchFilesAdd", params("workbench_id", wb, "source_paths",
                    List.of(second.toString())).toString());
            h.cancelRequest(b);
            EngineHarness.Response dropped = h.await(b);
            assertThat(dropped.error().get("code").getAsInt()).isEqualTo(-32800);

            h.cancelRequest(a);
            // the reader handles $/cancelRequest before it reads the next frame: once this answer arrives, the
            // holder's cancel token has fired
            h.call("EngineGetInfo", params()).result();
            release.countDown();
            EngineHarness.Response held = h.await(a);
            assertThat(held.result().getAsJsonArray("add_results").get(0).getAsJsonObject().get("status")
                    .getAsString()).isEqualTo("added");
            List<String> paths = h.call("WorkbenchFilesList", params("workbench_id", wb)).result()
                    .getAsJsonArray("files").asList().stream()
                    .map(f -> f.getAsJsonObject().get("path").getAsString()).sorted().toList();
            assertThat(paths).containsExactly(DATA, "first.txt", NOTES);
            assertThat(names(wbDir(h, wb).resolve("published"))).containsExactly(DATA, "first.txt", NOTES);
        }
    }

    // ---------------------------------------------------------------- crash states (storage.md §9)

    /** Renames of the swap (object ingests excluded); after {@code budget} of them every rename fails: a crash. */
    private static final class Crash {
        final AtomicInteger budget = new AtomicInteger(Integer.MAX_VALUE);

        FaultInjectingStores.RenameHook hook() {
            return (from, to) -> {
                Path parent = from.getParent();
                if (parent != null && parent.getFileName().toString().equals("objects")) {
                    return;
                }
                if (budget.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : n - 1) <= 0) {
                    throw new java.io.IOException("crash");
                }
            };
        }
    }

    /**
     * A crash at each rename of a restore in turn (every later rename fails too, so the in-process rollback cannot run
     * either): after the restart the Workbench is exactly as before the restore (crash before the journal was
     * committed) or exactly as after it (the journal is replayed forward), with nothing left over.
     */
    @Test
    void a_crash_after_any_rename_of_a_restore_recovers_exactly_the_state_before_or_after() throws Exception {
        Crash crash = new Crash();
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"), false,
                (dir, clock, ids, log) -> FaultInjectingStores.withRenameHook(dir, clock, ids, log, crash.hook()))) {
            java.util.Set<String> outcomes = new java.util.TreeSet<>();
            for (int k = 0; k < 40 && !outcomes.contains("completed"); k++) {
                String wb = fx.standardSetup(h);
                String c1 = h.call("CheckpointsCreate", params("workbench_id", wb)).result().get("checkpoint_id")
                        .getAsString();
                Map<String, String> after = filesAndHistory(workbenchState(h, wb));
                grantConsent(h, wb);
                proposeAndApply(h, wb);
                h.call("DraftPublish", params("workbench_id", wb)).result();
                h.call("WorkshopSendUserMessage", params("workbench_id", wb, "text", "after publish")).result();
                Path root = wbDir(h, wb);
                Map<String, String> before = workbenchState(h, wb);

                crash.budget.set(k);
                EngineHarness.Response r = h.call("CheckpointsRestore", params("workbench_id", wb,
                        "checkpoint_id", c1));
                crash.budget.set(Integer.MAX_VALUE);
                if (r.ok()) {
                    outcomes.add("completed");
                    break;
                }
                assertThat(r.errorCode()).as("crash after %d renames: %s", k, r).isEqualTo("CHECKPOINT_RESTORE_FAILED");
                h.restart();
                // first use of the Workbench after the start: it is reconciled now (storage.md §9, on first use)
                com.google.gson.JsonArray files = h.call("WorkbenchFilesList", params("workbench_id", wb)).result()
                        .getAsJsonArray("files");
                Map<String, String> now = workbenchState(h, wb);
                assertNoTransients(root);
                if (now.equals(before)) {
                    outcomes.add("before");
                    assertThat(files).hasSize(3);
                } else {
                    assertThat(filesAndHistory(now)).as("after a crash at rename %d", k).isEqualTo(after);
                    assertThat(files).hasSize(2);
                    outcomes.add("after");
                }
            }
            assertThat(outcomes).containsExactly("after", "before", "completed");
        }
    }

    /** The Published files, files.json and the conversation (workbench.json's timestamp changes on a restore). */
    private static Map<String, String> filesAndHistory(Map<String, String> state) {
        Map<String, String> out = new TreeMap<>(state);
        out.remove("meta/workbench.json");
        out.remove("meta/workshop_state.json");
        return out;
    }

    @Test
    void a_crash_before_or_inside_the_publish_swap_recovers_the_pre_publish_state_with_the_draft() throws Exception {
        Crash crash = new Crash();
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"), false,
                (dir, clock, ids, log) -> FaultInjectingStores.withRenameHook(dir, clock, ids, log, crash.hook()))) {
            String wb = fx.standardSetup(h);
            grantConsent(h, wb);
            proposeAndApply(h, wb);
            Path root = wbDir(h, wb);
            for (int k = 0; k < 2; k++) {
                Map<String, String> before = workbenchState(h, wb);
                before.keySet().removeIf(key -> key.startsWith("draft/"));
                crash.budget.set(k);
                EngineHarness.Response r = h.call("DraftPublish", params("workbench_id", wb));
                crash.budget.set(Integer.MAX_VALUE);
                assertThat(r.errorCode()).as("crash after %d renames", k).isEqualTo("FILE_WRITE_FAILED");
                h.restart();
                // first use of the Workbench after the start: it is reconciled now (storage.md §9, on first use)
                h.call("WorkbenchFilesList", params("workbench_id", wb)).result();
                Map<String, String> after = workbenchState(h, wb);
                after.keySet().removeIf(key -> key.startsWith("draft/"));
                assertThat(after).as("after a crash at rename %d", k).isEqualTo(before);
                assertThat(h.call("DraftGetState", params("workbench_id", wb)).result().get("has_draft")
                        .getAsBoolean()).isTrue();
                assertThat(names(root.resolve("draft"))).containsExactly(DATA, NOTES, "summary.md");
                assertNoTransients(root);
            }
            h.call("DraftPublish", params("workbench_id", wb)).result();
            assertThat(names(root.resolve("published"))).containsExactly(DATA, NOTES, "summary.md");
        }
    }

    @Test
    void a_crash_after_the_publish_swap_finishes_the_publish_at_the_next_start() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            grantConsent(h, wb);
            proposeAndApply(h, wb);
            String stand = h.call("CheckpointsList", params("workbench_id", wb)).result().toString();
            assertThat(stand).isNotEmpty();
            Path root = wbDir(h, wb);
            Map<String, String> draftFiles = textTree(root.resolve("draft"));
            h.restart(() -> {
                // marker written, then published/ -> published.prev/, draft/ -> published/; files.json not yet
                Files.writeString(root.resolve("meta/publish.json"),
                        "{\"draft_id\":\"x\",\"checkpoint_id\":\"01ARZ3NDEKTSV4RRFFQ69G5FAV\","
                                + "\"created_at\":\"2026-01-01T00:00:00.000Z\"}");
                Files.move(root.resolve("published"), root.resolve("published.prev"));
                Files.move(root.resolve("draft"), root.resolve("published"));
            });
            assertThat(textTree(root.resolve("published"))).isEqualTo(draftFiles);
            assertThat(h.call("DraftGetState", params("workbench_id", wb)).result().get("has_draft").getAsBoolean())
                    .isFalse();
            Map<String, String> listed = new TreeMap<>();
            h.call("WorkbenchFilesList", params("workbench_id", wb)).result().getAsJsonArray("files")
                    .forEach(f -> listed.put(f.getAsJsonObject().get("path").getAsString(),
                            f.getAsJsonObject().get("sha256").getAsString()));
            assertThat(listed).isEqualTo(draftFiles);
            assertThat(names(root.resolve("meta"))).doesNotContain("draft.json");
            assertNoTransients(root);
            assertThat(Files.readString(root.resolve("meta/workbench_events.jsonl"))).contains("publish_recovered");
            for (String name : names(root.resolve("published"))) {
                Path f = root.resolve("published").resolve(name);
                String sha = A2Fixtures.sha256(Files.readAllBytes(f));
                assertThat(Files.isSameFile(f, root.resolve("meta/checkpoints/objects").resolve(sha.substring(0, 2))
                        .resolve(sha))).as(name).isTrue();
            }
        }
    }

    @Test
    void staging_and_temp_leftovers_are_removed_at_start_leaving_the_pre_operation_state() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            h.call("CheckpointsCreate", params("workbench_id", wb)).result();
            Path root = wbDir(h, wb);
            Map<String, String> before = workbenchState(h, wb);
            int objects = h.call("CheckpointsList", params("workbench_id", wb)).result().getAsJsonObject("store")
                    .get("objects").getAsInt();
            h.restart(() -> {
                // an apply that died while staging, a half-written draft without draft.json, a restore that died
                // before its marker, atomic-write temps, an ingest temp and a checkpoint folder without manifest
                Path staging = Files.createDirectories(root.resolve("draft.01ARZ3NDEKTSV4RRFFQ69G5FAV.staging"));
                Files.writeString(staging.resolve("summary.md"), "half");
                Files.createDirectories(root.resolve("draft"));
                Files.writeString(root.resolve("draft").resolve("summary.md"), "half");
                Files.createDirectories(root.resolve("published.restore_tmp"));
                Files.writeString(root.resolve("published.restore_tmp").resolve(NOTES), "staged");
                Files.createDirectories(root.resolve("meta/restore_tmp"));
                Files.writeString(root.resolve("meta/restore_tmp/files.json"), "{}");
                Files.writeString(root.resolve("meta/.files.json.tmp-0123abcd"), "{\"partial\":");
                Files.writeString(root.resolve("published/.notes.txt.tmp-0123abcd"), "partial link");
                Files.writeString(root.resolve("meta/checkpoints/objects/.tmp-0123abcd"), "partial object");
                Files.createDirectories(root.resolve("meta/checkpoints/01ARZ3NDEKTSV4RRFFQ69G5FAV/meta_snapshot"));
            });
            // first use of the Workbench after the start: it is reconciled now (storage.md §9, on first use)
            h.call("WorkbenchFilesList", params("workbench_id", wb)).result();
            assertThat(workbenchState(h, wb)).isEqualTo(before);
            assertNoTransients(root);
            assertThat(names(root)).doesNotContain("draft");
            assertThat(names(root.resolve("meta/checkpoints"))).doesNotContain("01ARZ3NDEKTSV4RRFFQ69G5FAV");
            assertThat(h.call("CheckpointsList", params("workbench_id", wb)).result().getAsJsonObject("store")
                    .get("objects").getAsInt()).isEqualTo(objects);
            assertThat(new String(Files.readAllBytes(root.resolve("published").resolve(NOTES)),
                    StandardCharsets.UTF_8)).isEqualTo(Files.readString(fx.notes));
        }
    }
}
