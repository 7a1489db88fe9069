package dev.trestle.server.acceptance;

import static dev.trestle.server.acceptance.EngineHarness.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeAcceptanceTest {
    @TempDir
    Path tmp;

    @Test
    void a_workbench_with_two_files_has_the_spec_clutter_and_a_restorable_checkpoint() throws Exception {
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "n".repeat(612));
        Path data = Files.writeString(tmp.resolve("data.csv"), "d".repeat(241));
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            assertThat(h.call("EngineGetInfo", "{}").result().get("api_version").getAsString()).isEqualTo("1");
            String wb = h.call("WorkbenchCreate", params("name", "W")).result().get("workbench_id").getAsString();
            var add = h.call("WorkbenchFilesAdd", params("workbench_id", wb,
                    "source_paths", List.of(notes.toString(), data.toString()))).result();
            assertThat(add.getAsJsonArray("add_results")).hasSize(2);
            assertThat(h.notificationNames()).containsSubsequence("WorkbenchFilesChanged", "WorkbenchClutterChanged");
            var clutter = h.call("WorkbenchGetClutter", params("workbench_id", wb)).result();
            assertThat(TokenOracle.usage(clutter)).isEqualTo(TokenOracle.breakdownSum(clutter));
            assertThat(clutter.get("source").getAsString()).isEqualTo("exact");
            // each file item holds at least its content's o200k count, plus its manifest line and heading
            assertThat(TokenOracle.item(clutter, "file", "notes.txt"))
                    .isGreaterThan(TokenOracle.O200K.count("n".repeat(612)));
            assertThat(TokenOracle.item(clutter, "file", "data.csv"))
                    .isGreaterThan(TokenOracle.O200K.count("d".repeat(241)));
            String c1 = h.call("CheckpointsCreate", params("workbench_id", wb, "description", "Before analysis changes"))
                    .result().get("checkpoint_id").getAsString();
            var list = h.call("CheckpointsList", params("workbench_id", wb)).result();
            var first = list.getAsJsonArray("checkpoints").get(0).getAsJsonObject();
            assertThat(first.get("checkpoint_id").getAsString()).isEqualTo(c1);
            assertThat(first.getAsJsonObject("stats").get("total_bytes").getAsLong()).isEqualTo(853);
            assertThat(list.getAsJsonObject("store").get("objects").getAsLong()).isEqualTo(2);
        }
    }
}
