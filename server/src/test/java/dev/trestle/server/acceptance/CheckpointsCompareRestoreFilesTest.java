package dev.trestle.server.acceptance;

import static dev.trestle.server.acceptance.A2Fixtures.DATA;
import static dev.trestle.server.acceptance.A2Fixtures.NOTES;
import static dev.trestle.server.acceptance.A2Fixtures.names;
import static dev.trestle.server.acceptance.A2Fixtures.wbDir;
import static dev.trestle.server.acceptance.EngineHarness.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CheckpointsDiff}, {@code CheckpointsReadFile}, {@code CheckpointsRestore} with {@code paths[]} and
 * {@code CheckpointsSetPinned} over the wire against the real engine and file store.
 */
class CheckpointsCompareRestoreFilesTest {
    @TempDir
    Path tmp;
    A2Fixtures fx;

    @BeforeEach
    void fixtures() throws Exception {
        fx = new A2Fixtures(tmp.resolve("fixtures"));
    }

    private static List<String> paths(JsonObject diff, String key) {
        List<String> out = new ArrayList<>();
        diff.getAsJsonArray(key).forEach(e -> out.add(e.getAsJsonObject().get("path").getAsString()));
        return out;
    }

    private static int checkpointCount(EngineHarness h, String wb) {
        return h.call("CheckpointsList", params("workbench_id", wb)).result().getAsJsonArray("checkpoints").size();
    }

    @Test
    void compare_read_restore_one_file_and_pin_over_the_wire() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            Path root = wbDir(h, wb);
            byte[] originalNotes = Files.readAllBytes(fx.notes);
            String c1 = h.call("CheckpointsCreate", params("workbench_id", wb)).result()
                    .get("checkpoint_id").getAsString();
            A2Fixtures.grantConsent(h, wb);
            A2Fixtures.proposeAndApply(h, wb);
            h.call("DraftPublish", params("workbench_id", wb)).result();

            // ---- compare with the current files, then two checkpoints, then a checkpoint with itself
            JsonObject diff = h.call("CheckpointsDiff", params("workbench_id", wb, "from_checkpoint_id", c1))
                    .result();
            assertThat(diff.get("from_checkpoint_id").getAsString()).isEqualTo(c1);
            assertThat(diff.has("to_checkpoint_id")).isFalse();
            assertThat(paths(diff, "added")).containsExactly("summary.md");
            assertThat(paths(diff, "changed")).containsExactly(NOTES);
            assertThat(paths(diff, "removed")).isEmpty();
            assertThat(diff.get("unchanged").getAsInt()).isEqualTo(1);
            JsonObject change = diff.getAsJsonArray("changed").get(0).getAsJsonObject();
            assertThat(change.get("from_size").getAsLong()).isEqualTo(originalNotes.length);
            assertThat(change.get("to_size").getAsLong()).isEqualTo(A2Fixtures.NEW_NOTES_TEXT.length());
            assertThat(change.get("from_sha256").getAsString()).isEqualTo(A2Fixtures.sha256(originalNotes));
            String c2 = h.call("CheckpointsCreate", params("workbench_id", wb)).result()
                    .get("checkpoint_id").getAsString();
            JsonObject back = h.call("CheckpointsDiff", params("workbench_id", wb, "from_checkpoint_id", c2,
                    "to_checkpoint_id", c1)).result();
            assertThat(paths(back, "removed")).containsExactly("summary.md");
            assertThat(paths(back, "changed")).containsExactly(NOTES);
            JsonObject same = h.call("CheckpointsDiff", params("workbench_id", wb, "from_checkpoint_id", c1,
                    "to_checkpoint_id", c1)).result();
            assertThat(same.getAsJsonArray("added")).isEmpty();
            assertThat(same.getAsJsonArray("changed")).isEmpty();
            assertThat(h.call("CheckpointsDiff", params("workbench_id", wb, "from_checkpoint_id", "nope"))
                    .errorInfo().get("detail").getAsString()).isEqualTo("invalid_params: from_checkpoint_id");
            assertThat(h.call("CheckpointsDiff", params("workbench_id", wb, "from_checkpoint_id", c1,
                    "to_checkpoint_id", "01JAAAAAAAAAAAAAAAAAAAAAA9")).detailToken()).isEqualTo("unknown_checkpoint");

            // ---- read a file as the checkpoint holds it
            JsonObject file = h.call("CheckpointsReadFile", params("workbench_id", wb, "checkpoint_id", c1,
                    "path", NOTES)).result();
            assertThat(Base64.getDecoder().decode(file.get("content_base64").getAsString())).isEqualTo(originalNotes);
            assertThat(h.call("CheckpointsReadFile", params("workbench_id", wb, "checkpoint_id", c1,
                    "path", "summary.md")).detailToken()).isEqualTo("unknown_path");

            // ---- an unknown path changes nothing, not even a checkpoint
            int before = checkpointCount(h, wb);
            h.clearNotifications();
            JsonObject bad = h.call("CheckpointsRestore", params("workbench_id", wb, "checkpoint_id", c1,
                    "paths", List.of(NOTES, "missing.md"))).errorInfo();
            assertThat(bad.get("detail").getAsString()).isEqualTo("unknown_path: missing.md");
            assertThat(bad.get("phase").getAsString()).isEqualTo("restore");
            assertThat(h.notifications()).isEmpty();
            assertThat(checkpointCount(h, wb)).isEqualTo(before);
            assertThat(Files.readString(root.resolve("published").resolve(NOTES)))
                    .isEqualTo(A2Fixtures.NEW_NOTES_TEXT);

            // ---- restore one file (named in another case): notes.txt comes back, summary.md stays
            h.clearNotifications();
            JsonObject restored = h.call("CheckpointsRestore", params("workbench_id", wb, "checkpoint_id", c1,
                    "paths", List.of("NOTES.TXT"))).result();
            assertThat(restored.getAsJsonArray("restored_paths").get(0).getAsString()).isEqualTo(NOTES);
            assertThat(A2Fixtures.methods(h.notifications())).containsSubsequence("CheckpointRestoreProgress",
                    "CheckpointCreated", "CheckpointRestored", "WorkbenchFilesChanged", "WorkbenchClutterChanged");
            JsonObject changed = h.notificationsOf("WorkbenchFilesChanged").get(0);
            assertThat(changed.getAsJsonArray("updated").get(0).getAsString()).isEqualTo(NOTES);
            assertThat(changed.getAsJsonArray("removed")).isEmpty();
            assertThat(names(root.resolve("published"))).containsExactly(DATA, NOTES, "summary.md");
            assertThat(Files.readAllBytes(root.resolve("published").resolve(NOTES))).isEqualTo(originalNotes);
            String pre = restored.get("pre_restore_checkpoint_id").getAsString();
            JsonObject undo = h.call("CheckpointsDiff", params("workbench_id", wb, "from_checkpoint_id", pre))
                    .result();
            assertThat(paths(undo, "changed")).containsExactly(NOTES);
            assertThat(paths(undo, "added")).isEmpty();

            // ---- pin: shown in list and get, announced once (a repeated pin changes nothing), kept across a restart
            h.clearNotifications();
            JsonObject pinned = h.call("CheckpointsSetPinned", params("workbench_id", wb, "checkpoint_id", c1,
                    "pinned", true)).result().getAsJsonObject("checkpoint");
            assertThat(pinned.get("pinned").getAsBoolean()).isTrue();
            assertThat(h.call("CheckpointsSetPinned", params("workbench_id", wb, "checkpoint_id", c1,
                    "pinned", true)).ok()).isTrue();
            assertThat(h.notificationNames()).containsExactly("CheckpointPinChanged");
            JsonObject pinChanged = h.notificationsOf("CheckpointPinChanged").get(0);
            assertThat(pinChanged.get("workbench_id").getAsString()).isEqualTo(wb);
            assertThat(pinChanged.get("checkpoint_id").getAsString()).isEqualTo(c1);
            assertThat(pinChanged.get("pinned").getAsBoolean()).isTrue();
            assertThat(h.call("CheckpointsSetPinned", params("workbench_id", wb, "checkpoint_id", c1)).errorInfo()
                    .get("detail").getAsString()).isEqualTo("invalid_params: pinned");
            h.restart();
            JsonObject got = h.call("CheckpointsGet", params("workbench_id", wb, "checkpoint_id", c1)).result()
                    .getAsJsonObject("checkpoint");
            assertThat(got.get("pinned").getAsBoolean()).isTrue();
            JsonObject store = h.call("CheckpointsList", params("workbench_id", wb)).result().getAsJsonObject("store");
            assertThat(store.get("bytes").getAsLong()).isGreaterThan(originalNotes.length);
            assertThat(store.has("max_bytes")).isFalse();
        }
    }
}
