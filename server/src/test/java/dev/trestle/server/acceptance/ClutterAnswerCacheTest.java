package dev.trestle.server.acceptance;

import static dev.trestle.server.acceptance.EngineHarness.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: {@code WorkbenchGetClutter} answers an unchanged Workbench from its serialised answer, and every change
 * that affects clutter (a file added or removed, a message, a model switch) is seen by the very next call.
 */
class ClutterAnswerCacheTest {
    @TempDir
    Path tmp;

    private static JsonObject clutter(EngineHarness h, String wb) {
        return h.call("WorkbenchGetClutter", params("workbench_id", wb)).result();
    }

    private static List<String> paths(JsonObject clutter) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : clutter.getAsJsonArray("breakdown")) {
            JsonObject i = e.getAsJsonObject();
            if (i.has("path") && !i.get("path").isJsonNull()) {
                out.add(i.get("path").getAsString());
            }
        }
        return out;
    }

    private static long usage(JsonObject clutter) {
        return clutter.get("usage_tokens_estimate").getAsLong();
    }

    @Test
    void a_change_then_a_get_sees_the_new_numbers_and_an_unchanged_workbench_the_same_answer() throws Exception {
        Path a = Files.writeString(tmp.resolve("a.txt"), "alpha beta gamma delta\n".repeat(40));
        Path b = Files.writeString(tmp.resolve("b.txt"), "one two three four five six\n".repeat(90));
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            assertThat(h.call("ProvidersSetApiKey", params("provider_id", "openai", "api_key", "sk-o")).ok()).isTrue();
            assertThat(h.call("ProvidersSetApiKey", params("provider_id", "mistral", "api_key", "sk-m")).ok())
                    .isTrue();
            String wb = h.call("WorkbenchCreate", params("name", "cache")).result().get("workbench_id")
                    .getAsString();
            h.call("WorkbenchFilesAdd", params("workbench_id", wb, "source_paths", List.of(a.toString()))).result();
            JsonObject first = clutter(h, wb);
            assertThat(clutter(h, wb)).as("nothing changed").isEqualTo(first);
            assertThat(paths(first)).containsExactly("a.txt");

            h.call("WorkbenchFilesAdd", params("workbench_id", wb, "source_paths", List.of(b.toString()))).result();
            JsonObject added = clutter(h, wb);
            assertThat(paths(added)).containsExactly("b.txt", "a.txt");
            assertThat(usage(added)).isGreaterThan(usage(first));

            h.call("WorkbenchFilesRemove", params("workbench_id", wb, "workbench_paths", List.of("b.txt"))).result();
            JsonObject removed = clutter(h, wb);
            assertThat(paths(removed)).containsExactly("a.txt");
            assertThat(usage(removed)).isEqualTo(usage(first));

            h.call("WorkshopSendUserMessage", params("workbench_id", wb, "text", "a question about the file"))
                    .result();
            JsonObject asked = clutter(h, wb);
            assertThat(usage(asked)).isGreaterThan(usage(removed));

            String before = asked.get("model_id").getAsString();
            String other = before.startsWith("mistral:") ? "openai:gpt-5.2" : "mistral:mistral-large";
            assertThat(h.call("WorkshopSetActiveModel", params("workbench_id", wb, "model_id", other)).ok())
                    .isTrue();
            JsonObject switched = clutter(h, wb);
            assertThat(switched.get("model_id").getAsString()).isEqualTo(other);
            assertThat(switched.get("context_tokens_estimate")).isNotEqualTo(asked.get("context_tokens_estimate"));
            assertThat(clutter(h, wb)).isEqualTo(switched);
        }
    }
}
