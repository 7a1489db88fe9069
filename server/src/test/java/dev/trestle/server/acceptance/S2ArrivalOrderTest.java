package dev.trestle.server.acceptance;

import static dev.trestle.server.acceptance.EngineHarness.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S2, first half: mutating requests on one Workbench sent without waiting all succeed, in arrival order. */
class S2ArrivalOrderTest {
    @TempDir
    Path tmp;

    @Test
    void back_to_back_adds_on_one_workbench_all_succeed_in_the_order_they_were_sent() throws Exception {
        int n = 12;
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sources.add(Files.writeString(tmp.resolve(String.format("f%02d.txt", i)), "file " + i));
        }
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = h.call("WorkbenchCreate", params("name", "W")).result().get("workbench_id").getAsString();
            h.clearNotifications();
            List<Integer> ids = new ArrayList<>();
            for (Path source : sources) {
                ids.add(h.send("WorkbenchFilesAdd", params("workbench_id", wb,
                        "source_paths", List.of(source.toString())).toString()));
            }
            for (int i = 0; i < n; i++) {
                JsonObject result = h.await(ids.get(i)).result();
                assertThat(result.getAsJsonArray("add_results").get(0).getAsJsonObject().get("status").getAsString())
                        .isEqualTo("added");
            }
            List<String> added = h.notificationsOf("WorkbenchFilesChanged").stream()
                    .map(p -> p.getAsJsonArray("added").get(0).getAsString()).toList();
            List<String> expected = sources.stream().map(p -> p.getFileName().toString()).toList();
            assertThat(added).containsExactlyElementsOf(expected);
        }
    }
}
