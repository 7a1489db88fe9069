package dev.trestle.server.acceptance;

import static dev.trestle.server.acceptance.A2Fixtures.DATA;
import static dev.trestle.server.acceptance.A2Fixtures.NOTES;
import static dev.trestle.server.acceptance.A2Fixtures.grantConsent;
import static dev.trestle.server.acceptance.A2Fixtures.names;
import static dev.trestle.server.acceptance.A2Fixtures.propose;
import static dev.trestle.server.acceptance.A2Fixtures.proposeAndApply;
import static dev.trestle.server.acceptance.A2Fixtures.stats;
import static dev.trestle.server.acceptance.A2Fixtures.textTree;
import static dev.trestle.server.acceptance.A2Fixtures.wbDir;
import static dev.trestle.server.acceptance.EngineHarness.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.trestle.adapters.fs.FaultInjectingStores;
import dev.trestle.domain.fakes.FakeProviderTransport;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AC7: writes only in Draft/Published (and meta), checkpoints snapshot Published only. */
class Ac7BoundariesTest {
    @TempDir
    Path tmp;
    A2Fixtures fx;

    @BeforeEach
    void fixtures() throws Exception {
        fx = new A2Fixtures(tmp.resolve("fixtures"));
    }

    /** Every path under {@code root} whose (size, mtime, bytes) differs between two {@link A2Fixtures#stats}. */
    private static Set<String> changed(Map<String, String> before, Map<String, String> after) {
        Set<String> out = new TreeSet<>();
        after.forEach((k, v) -> {
            if (!v.equals(before.get(k)) && !v.startsWith("-1@")) {
                out.add(k);
            }
        });
        before.keySet().stream().filter(k -> !after.containsKey(k)).forEach(out::add);
        return out;
    }

    @Test
    void a_full_session_writes_only_inside_the_data_dir_and_the_workbench_only_in_draft_published_meta()
            throws Exception {
        Path dataDir = tmp.resolve("data");
        Map<String, String> fixturesBefore = stats(fx.fixtures);
        Set<String> outsideBefore = new TreeSet<>(stats(tmp).keySet());
        outsideBefore.removeIf(p -> p.startsWith("data"));
        String wb;
        Map<String, String> dataBefore;
        try (EngineHarness h = EngineHarness.start(dataDir)) {
            wb = fx.standardSetup(h);
            dataBefore = stats(dataDir);
            grantConsent(h, wb);
            String u1 = h.call("WorkshopSendUserMessage", params("workbench_id", wb, "text", "Summarize the files."))
                    .result().get("message_id").getAsString();
            h.provider.script(FakeProviderTransport.ok("Two ", "files."));
            h.call("WorkshopStreamAssistantReply", params("workbench_id", wb, "message_id", u1)).result();
            proposeAndApply(h, wb);
            h.call("DraftPublish", params("workbench_id", wb)).result();
            String c = h.call("CheckpointsCreate", params("workbench_id", wb)).result().get("checkpoint_id")
                    .getAsString();
            h.call("WorkbenchFilesAdd", params("workbench_id", wb, "source_paths",
                    List.of(fx.scopeChange.toString()))).result();
            h.call("CheckpointsRestore", params("workbench_id", wb, "checkpoint_id", c)).result();
            h.call("WorkbenchFilesRemove", params("workbench_id", wb, "workbench_paths", List.of(DATA))).result();
        }
        assertThat(stats(fx.fixtures)).as("fixtures keep bytes and mtime").isEqualTo(fixturesBefore);
        Set<String> outsideAfter = new TreeSet<>(stats(tmp).keySet());
        outsideAfter.removeIf(p -> p.startsWith("data"));
        assertThat(outsideAfter).as("nothing created outside the data dir").isEqualTo(outsideBefore);

        String prefix = "workbenches/" + wb + "/";
        Set<String> touched = changed(dataBefore, stats(dataDir));
        assertThat(touched).isNotEmpty();
        for (String p : touched) {
            if (p.startsWith(prefix)) {
                String rest = p.substring(prefix.length());
                assertThat(rest).as(p).matches("(published|draft|meta)(/.*)?");
            } else {
                assertThat(p).as(p).matches("(settings\\.json|secrets\\.enc|master\\.key|engine\\.lock"
                        + "|token_counts\\.tsv|logs/.*)");
            }
        }
    }

    private static Path proposalFile(EngineHarness h, String wb, String id) {
        return wbDir(h, wb).resolve("meta/workshop/proposals").resolve(id + ".json");
    }

    private static void editWrites(Path file, JsonArray writes, boolean addDeletes) throws Exception {
        JsonObject p = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        p.add("writes", writes);
        p.remove("deletes");
        if (addDeletes) {
            JsonArray d = new JsonArray();
            d.add(DATA);
            p.add("deletes", d);
        }
        Files.writeString(file, p.toString());
    }

    private static JsonArray writes(String... pathsAndContents) {
        JsonArray a = new JsonArray();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            JsonObject w = new JsonObject();
            w.addProperty("path", pathsAndContents[i]);
            w.addProperty("content", pathsAndContents[i + 1]);
            a.add(w);
        }
        return a;
    }

    private static Map<String, String> publishedAndManifest(EngineHarness h, String wb) throws Exception {
        Map<String, String> m = new java.util.TreeMap<>(textTree(wbDir(h, wb).resolve("published")));
        m.put("files.json", A2Fixtures.sha256(Files.readAllBytes(wbDir(h, wb).resolve("meta/files.json"))));
        return m;
    }

    @Test
    void an_edited_stored_proposal_is_revalidated_and_refused_without_any_write() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            grantConsent(h, wb);
            String id = propose(h, wb);
            Path file = proposalFile(h, wb, id);
            Map<String, String> before = publishedAndManifest(h, wb);
            Path root = wbDir(h, wb);

            record Case(String path, boolean deletes, String code, String token) {
            }
            List<Case> cases = List.of(
                    new Case("../outside.txt", false, "SANDBOX_VIOLATION", null),
                    new Case("/abs.txt", false, "SANDBOX_VIOLATION", null),
                    new Case("a/b.txt", false, "SANDBOX_VIOLATION", null),
                    new Case("a\\b.txt", false, "SANDBOX_VIOLATION", null),
                    new Case("C:x.txt", false, "SANDBOX_VIOLATION", null),
                    new Case("..", false, "SANDBOX_VIOLATION", null),
                    new Case("report.exe", false, "VALIDATION_FAILED", "proposal_invalid"),
                    new Case("CON.txt", false, "VALIDATION_FAILED", "proposal_invalid"),
                    new Case("ab:cd.txt", false, "VALIDATION_FAILED", "proposal_invalid"),
                    new Case("x.md.", false, "VALIDATION_FAILED", "proposal_invalid"),
                    new Case("x.md", true, "VALIDATION_FAILED", "proposal_invalid"));
            for (Case c : cases) {
                editWrites(file, writes(c.path(), "content\n"), c.deletes());
                EngineHarness.Response r = h.call("WorkshopApplyProposal", params("workbench_id", wb,
                        "proposal_id", id));
                assertThat(r.errorCode()).as(c.path()).isEqualTo(c.code());
                if (c.token() != null) {
                    assertThat(r.detailToken()).as(c.path()).isEqualTo(c.token());
                }
                assertThat(r.errorInfo().get("subphase").getAsString()).isEqualTo("apply");
                assertThat(tmp.resolve("outside.txt")).doesNotExist();
                assertThat(root.resolve("outside.txt")).doesNotExist();
                assertThat(h.dataDir.resolve("workbenches/outside.txt")).doesNotExist();
                assertThat(h.call("DraftGetState", params("workbench_id", wb)).result().get("has_draft")
                        .getAsBoolean()).isFalse();
                assertThat(names(root)).doesNotContain("draft").noneMatch(n -> n.endsWith(".staging"));
                assertThat(publishedAndManifest(h, wb)).isEqualTo(before);
            }
            editWrites(file, writes("x.md", "one\n", "X.md", "two\n"), false);
            EngineHarness.Response dup = h.call("WorkshopApplyProposal", params("workbench_id", wb,
                    "proposal_id", id));
            assertThat(dup.detailToken()).isEqualTo("proposal_invalid");

            // a write to NOTES.TXT targets the stored notes.txt
            editWrites(file, writes("NOTES.TXT", "upper-case target\n"), false);
            h.call("WorkshopApplyProposal", params("workbench_id", wb, "proposal_id", id)).result();
            assertThat(names(root.resolve("draft"))).containsExactly(DATA, NOTES);
            assertThat(Files.readString(root.resolve("draft").resolve(NOTES))).isEqualTo("upper-case target\n");
            h.call("DraftPublish", params("workbench_id", wb)).result();
            assertThat(names(root.resolve("published"))).containsExactly(DATA, NOTES);
        }
    }

    @Test
    void checkpoints_are_manifests_of_published_objects_plus_at_most_three_meta_files() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            String manual = h.call("CheckpointsCreate", params("workbench_id", wb)).result().get("checkpoint_id")
                    .getAsString();
            grantConsent(h, wb);
            proposeAndApply(h, wb);
            String p1 = h.call("DraftPublish", params("workbench_id", wb)).result().get("checkpoint_id")
                    .getAsString();
            h.call("WorkbenchFilesRemove", params("workbench_id", wb, "workbench_paths", List.of(DATA))).result();
            Path cps = wbDir(h, wb).resolve("meta/checkpoints");
            Set<String> objects = new HashSet<>();
            try (Stream<Path> s = Files.walk(cps.resolve("objects"))) {
                s.filter(Files::isRegularFile).forEach(p -> objects.add(p.getFileName().toString()));
            }
            List<String> ids = new ArrayList<>();
            for (String name : names(cps)) {
                if (name.equals("objects")) {
                    continue;
                }
                if (name.endsWith(".json")) {
                    ids.add(name.substring(0, name.length() - 5));
                } else {
                    assertThat(names(cps)).as("folder " + name + " has its manifest").contains(name + ".json");
                    assertThat(names(cps.resolve(name))).containsExactly("meta_snapshot");
                    assertThat(Set.of("workbench.json", "conversation.jsonl", "workshop_state.json"))
                            .containsAll(names(cps.resolve(name).resolve("meta_snapshot")));
                }
            }
            assertThat(ids).hasSize(3);
            for (String id : ids) {
                JsonObject m = JsonParser.parseString(Files.readString(cps.resolve(id + ".json"))).getAsJsonObject();
                com.google.gson.JsonArray entries = A2Fixtures.manifestEntries(cps.getParent().getParent(),
                        cps.resolve(id + ".json"));
                Set<String> paths = new HashSet<>();
                entries.forEach(f -> {
                    JsonObject e = f.getAsJsonObject();
                    paths.add(e.get("path").getAsString());
                    assertThat(objects).contains(e.get("sha256").getAsString());
                });
                if (id.equals(manual) || id.equals(p1)) {
                    assertThat(paths).as("checkpoint " + id + " names Published files only")
                            .containsExactlyInAnyOrder(NOTES, DATA);
                } else {
                    assertThat(m.get("reason").getAsString()).isEqualTo("auto");
                    assertThat(paths).as("the auto checkpoint after publish").containsExactlyInAnyOrder(NOTES, DATA,
                            "summary.md");
                }
                if (id.equals(p1)) {
                    assertThat(m.get("reason").getAsString()).isEqualTo("publish");
                    String oldNotes = A2Fixtures.sha256(Files.readAllBytes(fx.notes));
                    entries.forEach(f -> {
                        if (f.getAsJsonObject().get("path").getAsString().equals(NOTES)) {
                            assertThat(f.getAsJsonObject().get("sha256").getAsString()).isEqualTo(oldNotes);
                        }
                    });
                }
            }
        }
    }

    @Test
    void a_failed_draft_to_published_rename_keeps_published_and_the_draft() throws Exception {
        AtomicBoolean armed = new AtomicBoolean();
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"), false,
                (dir, clock, ids, log) -> FaultInjectingStores.failingRenames(dir, clock, ids, log,
                        (from, to) -> armed.get() && from.getFileName().toString().equals("draft")
                                && to.getFileName().toString().equals("published")))) {
            String wb = fx.standardSetup(h);
            grantConsent(h, wb);
            proposeAndApply(h, wb);
            Map<String, String> before = publishedAndManifest(h, wb);
            armed.set(true);
            h.clearNotifications();
            EngineHarness.Response r = h.call("DraftPublish", params("workbench_id", wb));
            armed.set(false);
            assertThat(r.errorCode()).isEqualTo("FILE_WRITE_FAILED");
            assertThat(r.errorInfo().get("phase").getAsString()).isEqualTo("publish");
            assertThat(publishedAndManifest(h, wb)).isEqualTo(before);
            assertThat(h.call("DraftGetState", params("workbench_id", wb)).result().get("has_draft").getAsBoolean())
                    .isTrue();
            Path root = wbDir(h, wb);
            assertThat(names(root)).contains("draft", "published").doesNotContain("published.prev");
            assertThat(names(root.resolve("meta"))).doesNotContain("publish.json");
            assertThat(h.notificationsOf("DraftPublishProgress").stream().map(p -> p.get("phase").getAsString()))
                    .endsWith("rolling_back");
            assertThat(h.notificationNames()).doesNotContain("DraftStateChanged", "WorkbenchFilesChanged");
            // the Draft still publishes once the fault is gone
            h.call("DraftPublish", params("workbench_id", wb)).result();
            assertThat(names(root.resolve("published"))).containsExactly(DATA, NOTES, "summary.md");
        }
    }

    @Test
    void with_a_draft_runs_messages_and_file_changes_are_refused() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            String u1 = h.call("WorkshopSendUserMessage", params("workbench_id", wb, "text", "hello")).result()
                    .get("message_id").getAsString();
            grantConsent(h, wb);
            proposeAndApply(h, wb);
            int requests = h.provider.requestCount();
            List<EngineHarness.Response> refused = List.of(
                    h.call("WorkshopStreamAssistantReply", params("workbench_id", wb, "message_id", u1)),
                    h.call("WorkshopProposeChanges", params("workbench_id", wb)),
                    h.call("WorkshopSendUserMessage", params("workbench_id", wb, "text", "more")),
                    h.call("WorkbenchFilesAdd", params("workbench_id", wb, "source_paths",
                            List.of(fx.scopeChange.toString()))),
                    h.call("WorkbenchFilesRemove", params("workbench_id", wb, "workbench_paths", List.of(DATA))));
            for (EngineHarness.Response r : refused) {
                assertThat(r.errorCode()).as(r.toString()).isEqualTo("VALIDATION_FAILED");
                assertThat(r.detailToken()).as(r.toString()).isEqualTo("draft_exists");
            }
            assertThat(h.provider.requestCount()).isEqualTo(requests);
            assertThat(names(wbDir(h, wb).resolve("published"))).containsExactly(DATA, NOTES);
        }
    }

    private static boolean writable(Path p) throws Exception {
        PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (v == null) {
            return Files.isWritable(p);
        }
        Set<PosixFilePermission> perms = v.readAttributes().permissions();
        return perms.contains(PosixFilePermission.OWNER_WRITE) || perms.contains(PosixFilePermission.GROUP_WRITE)
                || perms.contains(PosixFilePermission.OTHERS_WRITE);
    }

    private static Path object(Path root, Path file) throws Exception {
        String sha = A2Fixtures.sha256(Files.readAllBytes(file));
        return root.resolve("meta/checkpoints/objects").resolve(sha.substring(0, 2)).resolve(sha);
    }

    @Test
    void published_files_are_read_only_links_to_their_objects_and_draft_written_files_are_not() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            Path root = wbDir(h, wb);
            grantConsent(h, wb);
            proposeAndApply(h, wb);
            for (String name : List.of(NOTES, "summary.md")) {
                Path f = root.resolve("draft").resolve(name);
                assertThat(writable(f)).as("draft " + name).isTrue();
                Path obj = object(root, f);
                assertThat(Files.exists(obj) && Files.isSameFile(f, obj)).as("draft " + name).isFalse();
            }
            h.call("DraftPublish", params("workbench_id", wb)).result();
            for (String name : names(root.resolve("published"))) {
                Path f = root.resolve("published").resolve(name);
                assertThat(writable(f)).as(name).isFalse();
                assertThat(Files.isSameFile(f, object(root, f))).as(name).isTrue();
            }
            assertThat(names(root.resolve("published"))).containsExactly(DATA, NOTES, "summary.md");
        }
    }

    @Test
    void sources_inside_the_data_dir_reserved_names_and_symlinks_are_refused_without_change() throws Exception {
        try (EngineHarness h = EngineHarness.start(tmp.resolve("data"))) {
            String wb = fx.standardSetup(h);
            Path root = wbDir(h, wb);
            Map<String, String> before = publishedAndManifest(h, wb);
            Path inside = h.dataDir.resolve("settings.json");
            Path aux = Files.writeString(tmp.resolve("aux.md"), "aux\n");
            Path link = Files.createSymbolicLink(tmp.resolve("link.txt"), fx.scopeChange);
            Path published = root.resolve("published").resolve(NOTES);
            h.clearNotifications();
            JsonArray results = h.call("WorkbenchFilesAdd", params("workbench_id", wb, "source_paths",
                    List.of(inside.toString(), published.toString(), aux.toString(), link.toString())))
                    .result().getAsJsonArray("add_results");
            String[][] expected = {{"failed", "invalid_path"}, {"failed", "invalid_path"},
                {"failed", "invalid_path"}, {"skipped", "symlink"}};
            for (int i = 0; i < expected.length; i++) {
                JsonObject r = results.get(i).getAsJsonObject();
                assertThat(r.get("status").getAsString()).as(r.toString()).isEqualTo(expected[i][0]);
                assertThat(r.get("reason").getAsString()).as(r.toString()).isEqualTo(expected[i][1]);
            }
            assertThat(h.notificationNames()).isEmpty();
            assertThat(publishedAndManifest(h, wb)).isEqualTo(before);
        }
    }
}
