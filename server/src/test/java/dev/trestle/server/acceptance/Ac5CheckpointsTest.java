package dev.trestle.server.acceptance;

import static dev.trestle.server.acceptance.A2Fixtures.DATA;
import static dev.trestle.server.acceptance.A2Fixtures.NOTES;
import static dev.trestle.server.acceptance.A2Fixtures.checkpoint;
import static dev.trestle.server.acceptance.A2Fixtures.grantConsent;
import static dev.trestle.server.acceptance.A2Fixtures.names;
import static dev.trestle.server.acceptance.A2Fixtures.proposeAndApply;
import static dev.trestle.server.acceptance.A2Fixtures.tree;
import static dev.trestle.server.acceptance.A2Fixtures.wbDir;
import static dev.trestle.server.acceptance.EngineHarness.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.trestle.adapters.fs.FaultInjectingStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AC5: checkpoints create / list / get / restore, and a consistent Published after every path through them. */
class Ac5CheckpointsTest {
    @TempDir
    Path tmp;
    A2Fixtures fx;

    @BeforeEach
    void fixtures() throws Exception {
        fx = new A2Fixtures(tmp.resolve("fixtures"));
    }

    private static final List<String> SWAPPED = List.of("files.json", "workbench.json", "conversation.jsonl",
            "workshop_state.json");

    /** published/ and the four swapped meta files, as bytes keyed by relative path. */
    private static Map<String, String> publishedState(EngineHarness h, String wb) throws Exception {
        Path root = wbDir(h, wb);
        Map<String, String> out = new LinkedHashMap<>();
        tree(root.resolve("published")).forEach((k, v) -> out.put("published/" + k, A2Fixtures.sha256(v)));
        for (String name : SWAPPED) {
            Path p = root.resolve("meta").resolve(name);
            out.put("meta/" + name, Files.exists(p) ? A2Fixtures.sha256(Files.readAllBytes(p)) : "absent");
        }
        return out;
    }

    private static String create(EngineHarness h, String wb, String description) {
        return h.call("CheckpointsCreate", params("workbench_id", wb, "description", description)).result()
                .get("checkpoint_id").getAsString();
    }

    private static JsonObject list(EngineHarness h, String wb) {
        return h.call("CheckpointsList", params("workbench_id", wb)).result();
    }

    private static JsonObject files(EngineHarness h, String wb) {
        return h.call("WorkbenchFilesList", params("workbench_id", wb)).result();
    }

    private static List<String> paths(JsonObject filesResult) {
        List<String> out = new ArrayList<>();
        filesResult.getAsJsonArray("files").forEach(f -> out.add(f.getAsJsonObject().get("path").getAsString()));
        out.sort(null);
        return out;
    }

    private static List<String> strings(JsonObject o, String key) {
        List<String> out = new ArrayList<>();
        o.getAsJsonArray(key).forEach(e -> out.add(e.getAsString()));
        return out;
    }

    @Test
    void checkpoint_publish_and_restore_round_trip_with_exact_notifications() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            Path root = wbDir(h, wb);
            byte[] originalNotes = Files.readAllBytes(fx.notes);

            // ---- AC5.1
            h.clearNotifications();
            String c1 = create(h, wb, "Before analysis changes");
            assertThat(h.notificationNames()).containsExactly("CheckpointCreated");
            JsonObject created = h.notificationsOf("CheckpointCreated").get(0);
            assertThat(created.get("reason").getAsString()).isEqualTo("manual");
            assertThat(created.get("checkpoint_id").getAsString()).isEqualTo(c1);
            assertThat(created.get("description").getAsString()).isEqualTo("Before analysis changes");
            JsonObject listing = list(h, wb);
            JsonObject first = listing.getAsJsonArray("checkpoints").get(0).getAsJsonObject();
            assertThat(first.get("checkpoint_id").getAsString()).isEqualTo(c1);
            assertThat(first.getAsJsonObject("stats").get("files").getAsInt()).isEqualTo(2);
            assertThat(first.getAsJsonObject("stats").get("total_bytes").getAsLong()).isEqualTo(853);
            assertThat(first.get("restorable").getAsBoolean()).isTrue();
            assertThat(first.get("reason").getAsString()).isEqualTo("manual");
            assertThat(listing.getAsJsonObject("store").get("objects").getAsInt()).isEqualTo(2);
            assertThat(listing.getAsJsonObject("store").get("bytes").getAsLong()).isEqualTo(853);
            JsonObject got = checkpoint(h, wb, c1);
            JsonObject alias = h.call("CheckpointGet", params("workbench_id", wb, "checkpoint_id", c1)).result()
                    .getAsJsonObject("checkpoint");
            assertThat(got).isEqualTo(alias).isEqualTo(first);

            // the model choice changes after c1: restore must keep it
            assertThat(h.call("WorkshopSetActiveModel", params("workbench_id", wb,
                    "model_id", "anthropic:claude-sonnet-4-6")).ok()).isTrue();

            // ---- AC5.2
            grantConsent(h, wb);
            h.clearNotifications();
            String proposal = A2Fixtures.propose(h, wb);
            h.clearNotifications();
            h.call("WorkshopApplyProposal", params("workbench_id", wb, "proposal_id", proposal)).result();
            assertThat(h.notificationNames()).containsExactly("DraftStateChanged", "WorkbenchClutterChanged");
            assertThat(h.notificationsOf("DraftStateChanged").get(0).get("has_draft").getAsBoolean()).isTrue();

            h.clearNotifications();
            JsonObject published = h.call("DraftPublish", params("workbench_id", wb)).result();
            String p1 = published.get("checkpoint_id").getAsString();
            assertThat(published.has("published_at")).isTrue();
            List<JsonObject> ns = h.notifications();
            List<String> seen = new ArrayList<>();
            for (JsonObject n : ns) {
                String m = n.get("method").getAsString();
                JsonObject p = n.getAsJsonObject("params");
                seen.add(m.equals("DraftPublishProgress") ? m + ":" + p.get("phase").getAsString()
                        : m.equals("CheckpointCreated") ? m + ":" + p.get("reason").getAsString() : m);
            }
            assertThat(seen).containsExactly("DraftPublishProgress:validating", "DraftPublishProgress:conflict_check",
                    "DraftPublishProgress:checkpoint_pre_publish", "CheckpointCreated:publish",
                    "DraftPublishProgress:swap_directories", "DraftPublishProgress:finalizing", "DraftStateChanged",
                    "WorkbenchFilesChanged", "WorkbenchClutterChanged");
            assertThat(h.notificationsOf("CheckpointCreated").get(0).get("checkpoint_id").getAsString()).isEqualTo(p1);
            assertThat(h.notificationsOf("DraftStateChanged").get(0).get("has_draft").getAsBoolean()).isFalse();
            JsonObject changed = h.notificationsOf("WorkbenchFilesChanged").get(0);
            assertThat(strings(changed, "added")).containsExactly("summary.md");
            assertThat(strings(changed, "updated")).containsExactly(NOTES);
            assertThat(strings(changed, "removed")).isEmpty();
            assertThat(paths(files(h, wb))).containsExactly(DATA, NOTES, "summary.md");
            assertThat(list(h, wb).getAsJsonObject("store").get("objects").getAsInt()).isEqualTo(4);
            assertThat(Files.readString(root.resolve("published").resolve(NOTES)))
                    .isEqualTo(A2Fixtures.NEW_NOTES_TEXT);

            // ---- AC5.3
            JsonObject stateBefore = h.call("WorkshopGetState", params("workbench_id", wb)).result();
            String defaultBefore = h.call("WorkbenchGetDefaultModel", params("workbench_id", wb)).result()
                    .get("model_id").getAsString();
            List<String> c1Conversation = Files.readAllLines(
                    root.resolve("meta/checkpoints").resolve(c1).resolve("meta_snapshot/conversation.jsonl"));
            h.clearNotifications();
            JsonObject restored = h.call("CheckpointsRestore", params("workbench_id", wb, "checkpoint_id", c1))
                    .result();
            String r1 = restored.get("pre_restore_checkpoint_id").getAsString();
            assertThat(restored.has("restored_at")).isTrue();
            List<String> order = new ArrayList<>();
            for (JsonObject n : h.notifications()) {
                String m = n.get("method").getAsString();
                JsonObject p = n.getAsJsonObject("params");
                order.add(m.equals("CheckpointRestoreProgress") ? m + ":" + p.get("phase").getAsString()
                        : m.equals("CheckpointCreated") ? m + ":" + p.get("reason").getAsString() : m);
            }
            assertThat(order).containsExactly("CheckpointRestoreProgress:pre_restore_checkpoint",
                    "CheckpointCreated:pre_restore", "CheckpointRestoreProgress:staging",
                    "CheckpointRestoreProgress:swapping", "CheckpointRestoreProgress:finalizing",
                    "CheckpointRestored", "WorkbenchFilesChanged", "WorkbenchClutterChanged");
            JsonObject restoredN = h.notificationsOf("CheckpointRestored").get(0);
            assertThat(restoredN.get("checkpoint_id").getAsString()).isEqualTo(c1);
            assertThat(restoredN.get("pre_restore_checkpoint_id").getAsString()).isEqualTo(r1);
            assertThat(h.notificationsOf("CheckpointCreated").get(0).get("checkpoint_id").getAsString())
                    .isEqualTo(r1);
            JsonObject diff = h.notificationsOf("WorkbenchFilesChanged").get(0);
            assertThat(strings(diff, "removed")).containsExactly("summary.md");
            assertThat(strings(diff, "updated")).containsExactly(NOTES);
            assertThat(strings(diff, "added")).isEmpty();

            assertThat(names(root.resolve("published"))).containsExactly(DATA, NOTES);
            assertThat(Files.readAllBytes(root.resolve("published").resolve(NOTES))).isEqualTo(originalNotes);
            assertThat(Files.readAllBytes(root.resolve("published").resolve(DATA)))
                    .isEqualTo(Files.readAllBytes(fx.data));
            JsonElement c1Files = A2Fixtures.manifestEntries(root, root.resolve("meta/checkpoints").resolve(c1 + ".json"));
            JsonElement nowFiles = A2Fixtures.manifestEntries(root, root.resolve("meta/files.json"));
            assertThat(nowFiles).isEqualTo(c1Files);

            List<String> conversation = Files.readAllLines(root.resolve("meta/conversation.jsonl"));
            assertThat(conversation).hasSize(c1Conversation.size() + 1);
            assertThat(conversation.subList(0, c1Conversation.size())).isEqualTo(c1Conversation);
            JsonObject last = JsonParser.parseString(conversation.get(conversation.size() - 1)).getAsJsonObject();
            assertThat(last.get("event_kind").getAsString()).isEqualTo("checkpoint_restore");
            assertThat(last.get("checkpoint_id").getAsString()).isEqualTo(c1);

            JsonObject stateAfter = h.call("WorkshopGetState", params("workbench_id", wb)).result();
            assertThat(stateAfter.get("active_model_id")).isEqualTo(stateBefore.get("active_model_id"));
            assertThat(stateAfter.get("active_model_id").getAsString()).isEqualTo("anthropic:claude-sonnet-4-6");
            assertThat(h.call("WorkbenchGetDefaultModel", params("workbench_id", wb)).result().get("model_id")
                    .getAsString()).isEqualTo(defaultBefore);
            assertNoRestoreLeftovers(root);

            // ---- AC5.4
            h.clearNotifications();
            h.call("CheckpointsRestore", params("workbench_id", wb, "checkpoint_id", r1)).result();
            assertThat(paths(files(h, wb))).containsExactly(DATA, NOTES, "summary.md");
            assertThat(names(root.resolve("published"))).containsExactly(DATA, NOTES, "summary.md");
            assertThat(Files.readString(root.resolve("published").resolve(NOTES)))
                    .isEqualTo(A2Fixtures.NEW_NOTES_TEXT);
            assertThat(Files.readString(root.resolve("published").resolve("summary.md")))
                    .isEqualTo(A2Fixtures.SUMMARY_TEXT);
            assertNoRestoreLeftovers(root);
            assertThat(checkpoint(h, wb, p1).get("reason").getAsString()).isEqualTo("publish");
        }
    }

    static void assertNoRestoreLeftovers(Path root) throws Exception {
        assertThat(names(root)).doesNotContain("published.prev", "published.restore_tmp");
        assertThat(names(root.resolve("meta"))).noneMatch(n -> n.endsWith(".prev"))
                .doesNotContain("restore_tmp", "restore.json", "publish.json");
    }

    @Test
    void with_a_draft_create_and_restore_refuse_but_list_works() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            String c1 = create(h, wb, "c1");
            grantConsent(h, wb);
            proposeAndApply(h, wb);
            for (EngineHarness.Response r : List.of(
                    h.call("CheckpointsCreate", params("workbench_id", wb)),
                    h.call("CheckpointsRestore", params("workbench_id", wb, "checkpoint_id", c1)),
                    // a text that cannot be a checkpoint or proposal id is checked where existence is: after the Draft
                    h.call("CheckpointsRestore", params("workbench_id", wb, "checkpoint_id", "not-a-ulid")),
                    h.call("WorkshopApplyProposal", params("workbench_id", wb, "proposal_id", "not-a-ulid")))) {
                assertThat(r.errorCode()).isEqualTo("VALIDATION_FAILED");
                assertThat(r.detailToken()).isEqualTo("draft_exists");
                assertThat(strings(r.errorInfo(), "actions")).containsExactly("review_draft", "discard_draft");
            }
            assertThat(list(h, wb).getAsJsonArray("checkpoints")).hasSize(1);
        }
    }

    @Test
    void a_crash_mid_restore_is_rolled_back_to_the_pre_restore_state_at_the_next_start() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            String c1 = create(h, wb, "c1");
            grantConsent(h, wb);
            proposeAndApply(h, wb);
            h.call("DraftPublish", params("workbench_id", wb)).result();
            String pre = create(h, wb, "stands in for the pre_restore checkpoint");
            Path root = wbDir(h, wb);
            Map<String, String> before = publishedState(h, wb);

            h.restart(() -> {
                // the crash state: restore.json written, published/ -> published.prev/, restore_tmp staged
                Path staged = Files.createDirectories(root.resolve("published.restore_tmp"));
                Files.write(staged.resolve(NOTES), Files.readAllBytes(fx.notes));
                Files.write(staged.resolve(DATA), Files.readAllBytes(fx.data));
                Files.move(root.resolve("published"), root.resolve("published.prev"));
                Files.writeString(root.resolve("meta/restore.json"), "{\"checkpoint_id\":\"" + c1
                        + "\",\"pre_restore_checkpoint_id\":\"" + pre + "\",\"created_at\":\"2026-01-01T00:00:00.000Z\"}");
            });
            // first use of the Workbench after the start: it is reconciled now (storage.md §9, on first use)
            h.call("WorkbenchFilesList", params("workbench_id", wb)).result();

            assertThat(publishedState(h, wb)).isEqualTo(before);
            assertThat(paths(files(h, wb))).containsExactly(DATA, NOTES, "summary.md");
            assertNoRestoreLeftovers(root);
            assertThat(Files.readAllLines(root.resolve("meta/workbench_events.jsonl")))
                    .anyMatch(l -> l.contains("\"restore_recovered\""));
        }
    }

    @Test
    void a_failed_link_during_restore_leaves_everything_byte_identical_and_keeps_pre_restore() throws Exception {
        AtomicBoolean armed = new AtomicBoolean();
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"), false,
                (dir, clock, ids, log) -> FaultInjectingStores.failingRenames(dir, clock, ids, log,
                        (from, to) -> to.getFileName().toString().equals(NOTES)
                                && to.getParent().getFileName().toString().equals("published")
                                && armed.getAndSet(false)))) {
            String wb = fx.standardSetup(h);
            String c1 = create(h, wb, "c1");
            grantConsent(h, wb);
            proposeAndApply(h, wb);
            h.call("DraftPublish", params("workbench_id", wb)).result();
            Path root = wbDir(h, wb);
            Map<String, String> before = publishedState(h, wb);
            int checkpointsBefore = list(h, wb).getAsJsonArray("checkpoints").size();

            armed.set(true);
            h.clearNotifications();
            EngineHarness.Response r = h.call("CheckpointsRestore", params("workbench_id", wb, "checkpoint_id", c1));

            assertThat(armed.get()).as("the injected failure happened").isFalse();
            assertThat(r.errorCode()).isEqualTo("CHECKPOINT_RESTORE_FAILED");
            assertThat(r.errorInfo().get("phase").getAsString()).isEqualTo("restore");
            assertThat(strings(r.errorInfo(), "actions")).containsExactly("retry", "restore_checkpoint");
            assertThat(publishedState(h, wb)).isEqualTo(before);
            assertNoRestoreLeftovers(root);
            JsonArray cps = list(h, wb).getAsJsonArray("checkpoints");
            assertThat(cps).hasSize(checkpointsBefore + 1);
            assertThat(cps.get(0).getAsJsonObject().get("reason").getAsString()).isEqualTo("pre_restore");
            List<String> methods = h.notificationNames();
            assertThat(methods).contains("CheckpointCreated").doesNotContain("CheckpointRestored",
                    "WorkbenchFilesChanged");
            assertThat(h.notificationsOf("CheckpointRestoreProgress").stream().map(p -> p.get("phase").getAsString()))
                    .endsWith("rolling_back");
            // the engine still serves and the same restore now works
            assertThat(h.call("CheckpointsRestore", params("workbench_id", wb, "checkpoint_id", c1)).ok()).isTrue();
            assertThat(names(root.resolve("published"))).containsExactly(DATA, NOTES);
        }
    }

    @Test
    void restoring_c1_after_publishing_a_changed_notes_yields_the_old_bytes_on_the_default_filesystem()
            throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            String c1 = create(h, wb, "c1");
            grantConsent(h, wb);
            proposeAndApply(h, wb);
            h.call("DraftPublish", params("workbench_id", wb)).result();
            Path notes = wbDir(h, wb).resolve("published").resolve(NOTES);
            assertThat(Files.readString(notes)).isEqualTo(A2Fixtures.NEW_NOTES_TEXT);
            h.call("CheckpointsRestore", params("workbench_id", wb, "checkpoint_id", c1)).result();
            assertThat(Files.readAllBytes(notes)).isEqualTo(Files.readAllBytes(fx.notes));
        }
    }

    @Test
    void deleting_meta_checkpoints_keeps_published_and_the_next_start_reingests() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            create(h, wb, "c1");
            grantConsent(h, wb);
            proposeAndApply(h, wb);
            h.call("DraftPublish", params("workbench_id", wb)).result();
            Path root = wbDir(h, wb);
            Map<String, byte[]> published = tree(root.resolve("published"));
            h.restart(() -> {
                deleteTree(root.resolve("meta/checkpoints"));
                Map<String, byte[]> still = tree(root.resolve("published"));
                assertThat(still.keySet()).isEqualTo(published.keySet());
                still.forEach((k, v) -> assertThat(v).isEqualTo(published.get(k)));
            });
            JsonObject listing = list(h, wb);
            assertThat(listing.getAsJsonArray("checkpoints")).isEmpty();
            assertThat(listing.getAsJsonObject("store").get("objects").getAsInt()).isEqualTo(3);
            Map<String, byte[]> after = tree(root.resolve("published"));
            after.forEach((k, v) -> assertThat(v).isEqualTo(published.get(k)));
            for (String name : after.keySet()) {
                Path f = root.resolve("published").resolve(name);
                String sha = A2Fixtures.sha256(Files.readAllBytes(f));
                Path object = root.resolve("meta/checkpoints/objects").resolve(sha.substring(0, 2)).resolve(sha);
                assertThat(Files.isSameFile(f, object)).as(name).isTrue();
            }
            String c2 = create(h, wb, "after the store was deleted");
            assertThat(checkpoint(h, wb, c2).get("restorable").getAsBoolean()).isTrue();
            h.call("WorkbenchFilesRemove", params("workbench_id", wb, "workbench_paths", List.of("summary.md")))
                    .result();
            h.call("CheckpointsRestore", params("workbench_id", wb, "checkpoint_id", c2)).result();
            assertThat(names(root.resolve("published"))).containsExactly(DATA, NOTES, "summary.md");
        }
    }

    /** A remove that names a file in another case removes it, and like any remove takes the safety checkpoint. */
    @Test
    void removing_a_file_named_in_another_case_takes_the_before_removing_checkpoint() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            int before = list(h, wb).getAsJsonArray("checkpoints").size();

            JsonObject r = h.call("WorkbenchFilesRemove", params("workbench_id", wb,
                    "workbench_paths", List.of("NOTES.TXT"))).result();

            JsonObject result = r.getAsJsonArray("remove_results").get(0).getAsJsonObject();
            assertThat(result.get("status").getAsString()).isEqualTo("removed");
            assertThat(result.get("path").getAsString()).isEqualTo(NOTES);
            assertThat(paths(files(h, wb))).containsExactly(DATA);
            JsonArray cps = list(h, wb).getAsJsonArray("checkpoints");
            assertThat(cps).hasSize(before + 1);
            JsonObject safety = cps.get(0).getAsJsonObject();
            assertThat(safety.get("description").getAsString()).isEqualTo("Before removing files");
            assertThat(safety.getAsJsonObject("stats").get("files").getAsInt()).isEqualTo(2);
            // the safety checkpoint brings the file back
            h.call("CheckpointsRestore", params("workbench_id", wb, "checkpoint_id",
                    safety.get("checkpoint_id").getAsString())).result();
            assertThat(paths(files(h, wb))).containsExactly(DATA, NOTES);
        }
    }

    @Test
    void a_hand_deleted_object_makes_its_checkpoints_unrestorable_without_touching_published() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            String c1 = create(h, wb, "c1");
            grantConsent(h, wb);
            proposeAndApply(h, wb);
            String p1 = h.call("DraftPublish", params("workbench_id", wb)).result().get("checkpoint_id")
                    .getAsString();
            Path root = wbDir(h, wb);
            String oldSha = A2Fixtures.sha256(Files.readAllBytes(fx.notes));
            h.restart(() -> {
                Path object = root.resolve("meta/checkpoints/objects").resolve(oldSha.substring(0, 2)).resolve(oldSha);
                object.toFile().setWritable(true);
                Files.delete(object);
            });
            assertThat(checkpoint(h, wb, c1).get("restorable").getAsBoolean()).isFalse();
            assertThat(checkpoint(h, wb, p1).get("restorable").getAsBoolean()).isFalse();
            Map<String, String> before = publishedState(h, wb);
            int count = list(h, wb).getAsJsonArray("checkpoints").size();
            h.clearNotifications();
            EngineHarness.Response r = h.call("CheckpointsRestore", params("workbench_id", wb, "checkpoint_id", c1));
            assertThat(r.errorCode()).isEqualTo("CHECKPOINT_RESTORE_FAILED");
            assertThat(r.errorInfo().get("detail").getAsString()).startsWith("object_missing");
            assertThat(strings(r.errorInfo(), "actions")).containsExactly("restore_checkpoint");
            assertThat(publishedState(h, wb)).isEqualTo(before);
            assertThat(list(h, wb).getAsJsonArray("checkpoints")).hasSize(count);
            assertThat(h.notificationNames()).doesNotContain("CheckpointCreated");
        }
    }

    static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.delete(p);
            }
        }
    }

    static String bytes(Path p) throws Exception {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }
}
