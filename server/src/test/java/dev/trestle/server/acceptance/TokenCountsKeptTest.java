package dev.trestle.server.acceptance;

import static dev.trestle.server.acceptance.EngineHarness.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token counts survive a restart ({@code token_counts.tsv}): after a reopen the first clutter is exact at once,
 * where a cold engine would answer with a byte estimate and count 300 KiB of text again in the background.
 */
class TokenCountsKeptTest {
    @TempDir
    Path tmp;

    private static JsonObject clutter(EngineHarness h, String wb) {
        return h.call("WorkbenchGetClutter", params("workbench_id", wb)).result();
    }

    @Test
    void a_restarted_engine_answers_its_first_clutter_exactly_from_the_kept_counts() throws Exception {
        Path data = tmp.resolve("data");
        try (EngineHarness h = EngineHarness.start(data)) {
            String wb = h.call("WorkbenchCreate", params("name", "kept")).result().get("workbench_id")
                    .getAsString();
            // one 120 KB file per add: each is counted inline (100 KiB sent), together more than a reopen counts inline
            for (int i = 0; i < 3; i++) {
                Path f = Files.writeString(tmp.resolve("part" + i + ".txt"), Ac6ClutterTest.prose(120_000, 70 + i));
                assertThat(h.call("WorkbenchFilesAdd", params("workbench_id", wb, "source_paths",
                        List.of(f.toString()))).ok()).isTrue();
            }
            JsonObject before = clutter(h, wb);
            assertThat(before.get("source").getAsString()).isEqualTo("exact");
            List<String> kept = Files.readAllLines(data.resolve("token_counts.tsv"));
            assertThat(kept.get(0)).startsWith("trestle-token-counts\t");
            // the header, 3 bodies, 3 wrappers (manifest line and heading) and the system text
            assertThat(kept).hasSize(1 + 3 + 3 + 1);

            h.restart();
            JsonObject after = clutter(h, wb);
            assertThat(after.get("source").getAsString()).isEqualTo("exact");
            assertThat(after).isEqualTo(before);
            assertThat(Files.readAllLines(data.resolve("token_counts.tsv"))).isEqualTo(kept);
        }
    }
}
