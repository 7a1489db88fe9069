package dev.trestle.server.acceptance;

import static dev.trestle.server.acceptance.A2Fixtures.wbDir;
import static dev.trestle.server.acceptance.EngineHarness.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.trestle.domain.model.Ulid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AC5.8: retention (200 auto, 50 manual, publish and pre_restore kept) and GC through the real engine. */
class Ac5RetentionTest {
    @TempDir
    Path tmp;

    private static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");

    /** A checkpoint manifest written by hand, as the engine would have written it. */
    private record Hand(String id, String reason, Instant createdAt) {
    }

    private static String ulid(Instant t, int n) {
        byte[] random = new byte[10];
        random[8] = (byte) (n >> 8);
        random[9] = (byte) n;
        return Ulid.format(t.toEpochMilli(), random);
    }

    private static String storeObject(Path objects, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String sha = A2Fixtures.sha256(bytes);
        Path p = Files.createDirectories(objects.resolve(sha.substring(0, 2))).resolve(sha);
        Files.write(p, bytes);
        p.toFile().setWritable(false, false);
        return sha;
    }

    private static JsonObject entry(JsonObject template, String path, String sha, long size) {
        JsonObject e = template.deepCopy();
        e.addProperty("path", path);
        e.addProperty("sha256", sha);
        e.addProperty("size", size);
        return e;
    }

    private static void writeManifest(Path checkpoints, Hand c, JsonArray files) throws Exception {
        JsonObject m = new JsonObject();
        m.addProperty("schema_version", 2);
        m.addProperty("checkpoint_id", c.id());
        m.addProperty("created_at", c.createdAt().toString().replace("Z", ".000Z"));
        m.addProperty("reason", c.reason());
        m.addProperty("description", "hand-written " + c.reason());
        long total = 0;
        for (var f : files) {
            total += f.getAsJsonObject().get("size").getAsLong();
        }
        JsonObject stats = new JsonObject();
        stats.addProperty("files", files.size());
        stats.addProperty("total_bytes", total);
        m.add("stats", stats);
        m.add("files", files);
        Files.createDirectories(checkpoints.resolve(c.id()).resolve("meta_snapshot"));
        Files.writeString(checkpoints.resolve(c.id() + ".json"), m.toString());
    }

    private static Set<String> objects(Path objects) throws Exception {
        Set<String> out = new HashSet<>();
        try (Stream<Path> s = Files.walk(objects)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(p.getFileName().toString()));
        }
        return out;
    }

    private static Set<String> listed(EngineHarness h, String wb) {
        Set<String> out = new HashSet<>();
        h.call("CheckpointsList", params("workbench_id", wb)).result().getAsJsonArray("checkpoints")
                .forEach(c -> out.add(c.getAsJsonObject().get("checkpoint_id").getAsString()));
        return out;
    }

    @Test
    void retention_deletes_exactly_the_oldest_overflow_and_gc_exactly_the_unreferenced_objects() throws Exception {
        A2Fixtures fx = new A2Fixtures(tmp.resolve("fixtures"));
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            Path root = wbDir(h, wb);
            Path checkpoints = root.resolve("meta/checkpoints");
            Path objectsDir = checkpoints.resolve("objects");
            JsonArray published = A2Fixtures.manifestEntries(root, root.resolve("meta/files.json"));
            JsonObject template = published.get(0).getAsJsonObject();
            Set<String> base = objects(objectsDir);
            assertThat(base).hasSize(2);

            List<Hand> auto = new ArrayList<>();
            List<Hand> manual = new ArrayList<>();
            String[] shas = new String[3];
            h.restart(() -> {
                shas[0] = storeObject(objectsDir, "only in the oldest auto checkpoint\n");
                shas[1] = storeObject(objectsDir, "only in the sixth oldest auto checkpoint\n");
                shas[2] = storeObject(objectsDir, "in the sixth oldest auto and a kept manual checkpoint\n");
                int n = 0;
                for (int i = 0; i < 205; i++) {
                    Hand c = new Hand(ulid(BASE.plus(i, ChronoUnit.MINUTES), n++), "auto",
                            BASE.plus(i, ChronoUnit.MINUTES));
                    auto.add(c);
                    JsonArray files = published.deepCopy();
                    if (i == 0) {
                        files.add(entry(template, "a.txt", shas[0], 35));
                    } else if (i == 5) {
                        files.add(entry(template, "b.txt", shas[1], 41));
                        files.add(entry(template, "c.txt", shas[2], 54));
                    }
                    writeManifest(checkpoints, c, files);
                }
                Instant manualBase = BASE.plus(1, ChronoUnit.DAYS);
                for (int i = 0; i < 54; i++) {
                    Hand c = new Hand(ulid(manualBase.plus(i, ChronoUnit.MINUTES), n++), "manual",
                            manualBase.plus(i, ChronoUnit.MINUTES));
                    manual.add(c);
                    JsonArray files = published.deepCopy();
                    if (i == 10) {
                        files.add(entry(template, "c.txt", shas[2], 54));
                    }
                    writeManifest(checkpoints, c, files);
                }
                Instant old = BASE.minus(30, ChronoUnit.DAYS);
                for (int i = 0; i < 3; i++) {
                    writeManifest(checkpoints, new Hand(ulid(old.plus(i, ChronoUnit.MINUTES), n++), "publish",
                            old.plus(i, ChronoUnit.MINUTES)), published.deepCopy());
                }
                for (int i = 0; i < 2; i++) {
                    writeManifest(checkpoints, new Hand(ulid(old.plus(10 + i, ChronoUnit.MINUTES), n++),
                            "pre_restore", old.plus(10 + i, ChronoUnit.MINUTES)), published.deepCopy());
                }
            });
            // startup recovery runs retention (storage.md §9): 205 auto and 54 manual -> the 5 and 4 oldest go
            Set<String> all = listed(h, wb);
            assertThat(all).hasSize(200 + 50 + 5);
            auto.subList(0, 5).forEach(c -> assertThat(all).doesNotContain(c.id()));
            manual.subList(0, 4).forEach(c -> assertThat(all).doesNotContain(c.id()));
            assertThat(objects(objectsDir)).containsAll(base).doesNotContain(shas[0]).contains(shas[1], shas[2]);

            // the 51st manual checkpoint: the oldest remaining manual one (the fifth) goes
            String m55 = h.call("CheckpointsCreate", params("workbench_id", wb)).result().get("checkpoint_id")
                    .getAsString();
            Set<String> expected = new HashSet<>(all);
            expected.add(m55);
            expected.remove(manual.get(4).id());
            assertThat(listed(h, wb)).isEqualTo(expected);
            for (Hand gone : List.of(auto.get(0), manual.get(4))) {
                assertThat(checkpoints.resolve(gone.id() + ".json")).doesNotExist();
                assertThat(checkpoints.resolve(gone.id())).doesNotExist();
            }
            Set<String> afterFirst = new HashSet<>(base);
            afterFirst.add(shas[1]);
            afterFirst.add(shas[2]);
            assertThat(objects(objectsDir)).isEqualTo(afterFirst);

            // 200 auto remain; removing a file takes the 201st, which prunes the oldest remaining (the sixth)
            h.call("WorkbenchFilesRemove", params("workbench_id", wb, "workbench_paths", List.of("data.csv")))
                    .result();
            Set<String> now = listed(h, wb);
            assertThat(now).hasSize(expected.size()).doesNotContain(auto.get(5).id()).contains(auto.get(6).id());
            Set<String> afterSecond = new HashSet<>(base);
            afterSecond.add(shas[2]);
            assertThat(objects(objectsDir)).as("data.csv's object is still named by the new auto checkpoint")
                    .isEqualTo(afterSecond);
        }
    }
}
