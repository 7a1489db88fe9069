package dev.trestle.cli.sim;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.trestle.cli.base.CliException;
import dev.trestle.cli.base.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes provider endpoints into a data dir's {@code settings.json} ({@code storage.md} §2,
 * {@code algorithms.md} §5.1) before an engine is started there. Only for fresh data dirs the CLI owns (the tour);
 * no RPC writes endpoints, by design.
 */
public final class SettingsFile {
    /** The providers, in the engine's order. */
    public static final List<String> PROVIDERS = List.of("openai", "anthropic", "google", "mistral");

    private SettingsFile() {
    }

    /**
     * Reads an endpoint block in any of the shapes a simulator may print: {@code {providers: {p: {endpoint}}}},
     * {@code {p: {endpoint: {...}}}} or {@code {p: {base_url, ...}}}.
     *
     * @return provider id to endpoint object
     */
    public static Map<String, JsonObject> parseEndpoints(String block) throws CliException {
        JsonElement root;
        try {
            root = JsonParser.parseString(block);
        } catch (RuntimeException e) {
            throw new CliException(ExitCodes.INTERNAL, "the simulator's endpoint block is not JSON");
        }
        if (!root.isJsonObject()) {
            throw new CliException(ExitCodes.INTERNAL, "the simulator's endpoint block is not a JSON object");
        }
        JsonObject obj = root.getAsJsonObject();
        if (obj.has("providers") && obj.get("providers").isJsonObject()) {
            obj = obj.getAsJsonObject("providers");
        }
        Map<String, JsonObject> out = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : obj.entrySet()) {
            if (!e.getValue().isJsonObject()) {
                continue;
            }
            JsonObject v = e.getValue().getAsJsonObject();
            if (v.has("endpoint") && v.get("endpoint").isJsonObject()) {
                out.put(e.getKey(), v.getAsJsonObject("endpoint"));
            } else if (v.has("base_url")) {
                out.put(e.getKey(), v);
            }
        }
        if (out.isEmpty()) {
            throw new CliException(ExitCodes.INTERNAL, "the simulator's endpoint block names no provider endpoint");
        }
        return out;
    }

    /** Merges the endpoints into {@code <dataDir>/settings.json} (created if absent), written via temp + rename. */
    public static void writeEndpoints(Path dataDir, Map<String, JsonObject> endpoints) throws CliException {
        Path file = dataDir.resolve("settings.json");
        try {
            Files.createDirectories(dataDir);
            JsonObject settings = Files.exists(file)
                    ? JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject()
                    : new JsonObject();
            if (!settings.has("schema_version")) {
                settings.addProperty("schema_version", 1);
            }
            if (!settings.has("providers") || !settings.get("providers").isJsonObject()) {
                settings.add("providers", new JsonObject());
            }
            JsonObject providers = settings.getAsJsonObject("providers");
            for (Map.Entry<String, JsonObject> e : endpoints.entrySet()) {
                JsonObject entry = providers.has(e.getKey()) && providers.get(e.getKey()).isJsonObject()
                        ? providers.getAsJsonObject(e.getKey()) : new JsonObject();
                if (!entry.has("enabled")) {
                    entry.addProperty("enabled", true);
                }
                entry.add("endpoint", e.getValue().deepCopy());
                providers.add(e.getKey(), entry);
            }
            Path tmp = dataDir.resolve("settings.json.tmp");
            Files.writeString(tmp, new GsonBuilder().setPrettyPrinting().create().toJson(settings),
                    StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            throw new CliException(ExitCodes.INTERNAL, "cannot write " + file + ": " + e.getClass().getSimpleName(),
                    e);
        }
    }
}
