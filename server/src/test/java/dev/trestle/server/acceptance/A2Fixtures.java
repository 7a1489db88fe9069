package dev.trestle.server.acceptance;

import static dev.trestle.server.acceptance.EngineHarness.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.trestle.domain.fakes.FakeProviderTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The acceptance fixtures and standard setup (acceptance.md §0) shared by the checkpoint/boundary/safeguard suites. */
final class A2Fixtures {
    static final String NOTES = "notes.txt";
    static final String DATA = "data.csv";

    final Path fixtures;
    final Path notes;
    final Path data;
    final Path scopeChange;

    A2Fixtures(Path dir) throws IOException {
        this.fixtures = Files.createDirectories(dir);
        this.notes = write(dir.resolve(NOTES), "N", 612);
        this.data = write(dir.resolve(DATA), "d", 241);
        this.scopeChange = write(dir.resolve("scope_change.txt"), "s", 20);
    }

    private static Path write(Path p, String unit, int bytes) throws IOException {
        StringBuilder b = new StringBuilder();
        int line = 0;
        while (b.length() < bytes) {
            b.append(b.length() % 61 == 60 ? "\n" : unit.charAt(0) + "");
            line++;
        }
        return Files.writeString(p, b.substring(0, bytes), StandardCharsets.UTF_8);
    }

    /** Keys for openai and anthropic set and validated; Workbench W created; notes.txt and data.csv added. */
    String standardSetup(EngineHarness h) {
        for (String provider : List.of("openai", "anthropic")) {
            assertThat(h.call("ProvidersSetApiKey", params("provider_id", provider, "api_key", "sk-test-" + provider))
                    .ok()).isTrue();
            h.provider.script(FakeProviderTransport.ok());
            assertThat(h.call("ProvidersValidate", params("provider_id", provider)).result().get("ok").getAsBoolean())
                    .isTrue();
        }
        String wb = h.call("WorkbenchCreate", params("name", "W")).result().get("workbench_id").getAsString();
        JsonArray results = h.call("WorkbenchFilesAdd", params("workbench_id", wb,
                "source_paths", List.of(notes.toString(), data.toString()))).result().getAsJsonArray("add_results");
        assertThat(results).hasSize(2);
        results.forEach(r -> assertThat(r.getAsJsonObject().get("status").getAsString()).isEqualTo("added"));
        return wb;
    }

    /** Grants (persisted) consent for the current active model and scope. */
    static void grantConsent(EngineHarness h, String wb) {
        JsonObject status = h.call("EgressGetConsentStatus", params("workbench_id", wb)).result();
        assertThat(h.call("EgressGrantWorkshopConsent", params("workbench_id", wb,
                "provider_id", status.get("provider_id").getAsString(),
                "model_id", status.get("model_id").getAsString(),
                "scope_hash", status.get("scope_hash").getAsString(), "persist", true)).ok()).isTrue();
    }

    /** A proposal answer as the model would return it. */
    static String proposalJson(Map<String, String> writes) {
        JsonObject o = new JsonObject();
        o.addProperty("summary", "Adds a summary and rewrites the notes");
        o.addProperty("no_changes", false);
        JsonArray a = new JsonArray();
        writes.forEach((path, content) -> {
            JsonObject w = new JsonObject();
            w.addProperty("path", path);
            w.addProperty("content", content);
            a.add(w);
        });
        o.add("writes", a);
        o.add("warnings", new JsonArray());
        return o.toString();
    }

    static final String SUMMARY_TEXT = "# Summary\nTwo files.\n";
    static final String NEW_NOTES_TEXT = "notes, rewritten by the model\n";

    /** Consent, propose (summary.md + new notes.txt), returns the proposal id. */
    static String propose(EngineHarness h, String wb) {
        h.provider.script(FakeProviderTransport.okJson(proposalJson(
                new java.util.LinkedHashMap<>(Map.of("summary.md", SUMMARY_TEXT, NOTES, NEW_NOTES_TEXT)))));
        JsonObject r = h.call("WorkshopProposeChanges", params("workbench_id", wb)).result();
        assertThat(r.get("no_changes").getAsBoolean()).isFalse();
        return r.get("proposal_id").getAsString();
    }

    /** Propose + apply; returns the draft id. */
    static String proposeAndApply(EngineHarness h, String wb) {
        String proposal = propose(h, wb);
        return h.call("WorkshopApplyProposal", params("workbench_id", wb, "proposal_id", proposal)).result()
                .get("draft_id").getAsString();
    }

    // ---- disk helpers ----

    /**
     * The entries of a {@code files.json} or checkpoint manifest (storage.md §4, §6) in the version-2 object form:
     * inline {@code files} as they are, or the chunks a version-3 root names read from {@code meta/chunks/}.
     */
    static com.google.gson.JsonArray manifestEntries(Path wbRoot, Path manifest) throws java.io.IOException {
        com.google.gson.JsonObject root = com.google.gson.JsonParser.parseString(Files.readString(manifest))
                .getAsJsonObject();
        if (!root.has("chunks")) {
            return root.getAsJsonArray("files");
        }
        com.google.gson.JsonArray out = new com.google.gson.JsonArray();
        for (com.google.gson.JsonElement c : root.getAsJsonArray("chunks")) {
            Path chunk = wbRoot.resolve("meta/chunks").resolve(c.getAsJsonObject().get("sha256").getAsString());
            for (com.google.gson.JsonElement e : com.google.gson.JsonParser.parseString(Files.readString(chunk))
                    .getAsJsonObject().getAsJsonArray("files")) {
                com.google.gson.JsonArray a = e.getAsJsonArray();
                com.google.gson.JsonObject o = new com.google.gson.JsonObject();
                o.addProperty("path", a.get(0).getAsString());
                o.addProperty("size", a.get(1).getAsLong());
                o.addProperty("sha256", a.get(2).getAsString());
                o.addProperty("modified_at", java.time.Instant.ofEpochMilli(a.get(3).getAsLong()).toString());
                o.addProperty("added_at", java.time.Instant.ofEpochMilli(a.get(4).getAsLong()).toString());
                o.addProperty("file_kind", a.get(5).getAsString());
                o.addProperty("mime_type", a.get(6).getAsString());
                out.add(o);
            }
        }
        return out;
    }

    static Path wbDir(EngineHarness h, String wb) {
        return h.dataDir.resolve("workbenches").resolve(wb);
    }

    /** Every regular file under {@code root} (relative path → bytes), no links followed. */
    static Map<String, byte[]> tree(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(root.relativize(p).toString(), Files.readAllBytes(p));
                }
            }
        }
        return out;
    }

    /** Like {@link #tree} but compares as strings so AssertJ shows readable diffs. */
    static Map<String, String> textTree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        tree(root).forEach((k, v) -> out.put(k, sha256(v)));
        return out;
    }

    /** Relative path → (size, mtime) of every entry under {@code root}. */
    static Map<String, String> stats(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                FileTime t = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
                long size = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.size(p) : -1;
                out.put(root.relativize(p).toString(), size + "@" + t.toMillis()
                        + (size >= 0 ? ":" + sha256(Files.readAllBytes(p)) : ""));
            }
        }
        return out;
    }

    static List<String> names(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> out.add(p.getFileName().toString()));
        }
        out.sort(null);
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static JsonObject checkpoint(EngineHarness h, String wb, String id) {
        return h.call("CheckpointsGet", params("workbench_id", wb, "checkpoint_id", id)).result()
                .getAsJsonObject("checkpoint");
    }

    static List<String> methods(List<JsonObject> notifications) {
        return notifications.stream().map(n -> n.get("method").getAsString()).toList();
    }
}
