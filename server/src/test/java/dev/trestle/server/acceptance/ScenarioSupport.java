package dev.trestle.server.acceptance;

import static dev.trestle.server.acceptance.EngineHarness.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The fixtures and the "standard setup" of {@code acceptance.md} §0 for the provider, consent, failure and Workshop
 * scenarios, plus small read helpers over a running {@link EngineHarness}.
 */
final class ScenarioSupport {
    static final String OPENAI_KEY = "sk-openai-acceptance-7f3a";
    static final String ANTHROPIC_KEY = "sk-ant-acceptance-91c2";
    static final String GOOGLE_KEY = "goog-acceptance-55d0";
    static final String MISTRAL_KEY = "mistral-acceptance-1b8e";
    static final String GPT = "openai:gpt-5.2";
    static final String SONNET = "anthropic:claude-sonnet-4-6";
    static final String OPUS = "anthropic:claude-opus-4-6";
    static final String GEMINI = "google:gemini-3-pro-preview";
    static final String MISTRAL = "mistral:mistral-large";

    final Path notes;
    final Path data;
    final Path scopeChange;
    final Path dataDir;

    private ScenarioSupport(Path tmp) {
        try {
            Path fixtures = Files.createDirectories(tmp.resolve("fixtures"));
            // 612 B and 241 B of text (acceptance.md §0), with recognisable content for leak checks
            notes = Files.writeString(fixtures.resolve("notes.txt"), padded("NOTES-CONTENT-MARKER ", 612));
            data = Files.writeString(fixtures.resolve("data.csv"), padded("a,b,c\n1,2,3\n", 241));
            scopeChange = Files.writeString(fixtures.resolve("scope_change.txt"), padded("scope change ", 20));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dataDir = tmp.resolve("data");
    }

    static ScenarioSupport in(Path tmp) {
        return new ScenarioSupport(tmp);
    }

    private static String padded(String seed, int bytes) {
        StringBuilder b = new StringBuilder();
        while (b.length() < bytes) {
            b.append(seed);
        }
        return b.substring(0, bytes);
    }

    /** Keys for openai and anthropic set and validated {@code ok} (the fake answers {@code ok} when unscripted). */
    static void configureOpenAiAndAnthropic(EngineHarness h) {
        setKey(h, "openai", OPENAI_KEY);
        setKey(h, "anthropic", ANTHROPIC_KEY);
        assertThat(h.call("ProvidersValidate", params("provider_id", "openai")).ok()).isTrue();
        assertThat(h.call("ProvidersValidate", params("provider_id", "anthropic")).ok()).isTrue();
    }

    static void setKey(EngineHarness h, String provider, String key) {
        EngineHarness.Response r = h.call("ProvidersSetApiKey", params("provider_id", provider, "api_key", key));
        assertThat(r.result().get("configured").getAsBoolean()).isTrue();
    }

    /** Standard setup on a started engine: keys, Workbench {@code W}, notes.txt and data.csv added. Returns W. */
    String standardSetup(EngineHarness h) {
        configureOpenAiAndAnthropic(h);
        String wb = createWorkbench(h);
        addFiles(h, wb, notes, data);
        h.clearNotifications();
        return wb;
    }

    static String createWorkbench(EngineHarness h) {
        return h.call("WorkbenchCreate", params("name", "W")).result().get("workbench_id").getAsString();
    }

    static void addFiles(EngineHarness h, String wb, Path... files) {
        List<String> paths = Stream.of(files).map(Path::toString).toList();
        JsonArray results = h.call("WorkbenchFilesAdd", params("workbench_id", wb, "source_paths", paths))
                .result().getAsJsonArray("add_results");
        for (JsonElement r : results) {
            assertThat(r.getAsJsonObject().get("status").getAsString()).as(r.toString()).isEqualTo("added");
        }
    }

    static JsonObject consentStatus(EngineHarness h, String wb) {
        return h.call("EgressGetConsentStatus", params("workbench_id", wb)).result();
    }

    static String scopeHash(EngineHarness h, String wb) {
        return consentStatus(h, wb).get("scope_hash").getAsString();
    }

    /** Grants consent for the active model and current scope, as a client does after the prompt. */
    static void grant(EngineHarness h, String wb, boolean persist) {
        JsonObject s = consentStatus(h, wb);
        EngineHarness.Response r = h.call("EgressGrantWorkshopConsent", params("workbench_id", wb,
                "provider_id", s.get("provider_id").getAsString(), "model_id", s.get("model_id").getAsString(),
                "scope_hash", s.get("scope_hash").getAsString(), "persist", persist));
        assertThat(r.ok()).as(r.toString()).isTrue();
    }

    static String send(EngineHarness h, String wb, String text) {
        return h.call("WorkshopSendUserMessage", params("workbench_id", wb, "text", text)).result()
                .get("message_id").getAsString();
    }

    static EngineHarness.Response stream(EngineHarness h, String wb, String messageId) {
        return h.call("WorkshopStreamAssistantReply", params("workbench_id", wb, "message_id", messageId));
    }

    static List<JsonObject> conversation(EngineHarness h, String wb) {
        List<JsonObject> out = new ArrayList<>();
        h.call("WorkshopGetConversation", params("workbench_id", wb)).result().getAsJsonArray("messages")
                .forEach(m -> out.add(m.getAsJsonObject()));
        return out;
    }

    static List<String> conversationTypes(EngineHarness h, String wb) {
        return conversation(h, wb).stream().map(m -> {
            String type = m.get("type").getAsString();
            return m.has("event_kind") ? type + ":" + m.get("event_kind").getAsString() : type;
        }).toList();
    }

    /** The egress log without the per-request receipts ({@link #egressReceipts}): consent, call and block events. */
    static List<JsonObject> egressEvents(EngineHarness h, String wb) {
        return allEgressEvents(h, wb).stream().filter(e -> !e.get("kind").getAsString().equals("request_sent"))
                .toList();
    }

    /** The {@code request_sent} events: one egress receipt per request that left. */
    static List<JsonObject> egressReceipts(EngineHarness h, String wb) {
        return allEgressEvents(h, wb).stream().filter(e -> e.get("kind").getAsString().equals("request_sent"))
                .toList();
    }

    private static List<JsonObject> allEgressEvents(EngineHarness h, String wb) {
        List<JsonObject> out = new ArrayList<>();
        h.call("EgressListEvents", params("workbench_id", wb)).result().getAsJsonArray("events")
                .forEach(e -> out.add(e.getAsJsonObject()));
        return out;
    }

    static JsonObject provider(EngineHarness h, String id) {
        for (JsonElement p : h.call("ProvidersGetStatus", "{}").result().getAsJsonArray("providers")) {
            if (p.getAsJsonObject().get("provider_id").getAsString().equals(id)) {
                return p.getAsJsonObject();
            }
        }
        throw new AssertionError("no provider " + id);
    }

    static JsonObject clutter(EngineHarness h, String wb) {
        return h.call("WorkbenchGetClutter", params("workbench_id", wb)).result();
    }

    static Path workbenchDir(Path dataDir, String wb) {
        return dataDir.resolve("workbenches").resolve(wb);
    }

    /** Bytes of every file in {@code published/} plus {@code meta/files.json}, keyed by relative path. */
    static Map<String, String> publishedSnapshot(Path dataDir, String wb) {
        Path dir = workbenchDir(dataDir, wb);
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir.resolve("published"))) {
            for (Path f : files.sorted().toList()) {
                out.put("published/" + f.getFileName(), new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
            }
            out.put("meta/files.json", Files.readString(dir.resolve("meta/files.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Every regular file under {@code root} whose bytes contain {@code needle} (as UTF-8). */
    static List<Path> filesContaining(Path root, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        List<Path> hits = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(f), n) >= 0) {
                    hits.add(root.relativize(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hits;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String engineLog(Path dataDir) {
        try {
            return Files.readString(dataDir.resolve("logs/engine.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Strings of a JSON array field. */
    static List<String> strings(JsonObject o, String field) {
        List<String> out = new ArrayList<>();
        if (o.has(field)) {
            o.getAsJsonArray(field).forEach(e -> out.add(e.getAsString()));
        }
        return out;
    }

    /** Writes {@code settings.json} with a providers block (engine not running on that dir). */
    static void writeSettings(Path dataDir, String providersJson) {
        try {
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve("settings.json"),
                    "{\"schema_version\":1,\"providers\":" + providersJson + "}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
