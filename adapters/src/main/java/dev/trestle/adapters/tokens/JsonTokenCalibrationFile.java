package dev.trestle.adapters.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TokenRatio;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.out.TokenCalibrationPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * {@code <data_dir>/token_calibration.json} ({@code storage.md} §2):
 * {@code {"schema_version": 1, "models": {"<model_id>": {"ratio": 1.23, "samples": 4}}}}. A missing, corrupt or newer
 * file reads as empty (the priors apply again: calibration is a cache of what providers told us, never user data);
 * a save rewrites the file atomically with the other models' entries kept. Saves are serialised by this instance.
 */
public final class JsonTokenCalibrationFile implements TokenCalibrationPort {
    static final int SCHEMA_VERSION = 1;

    private final Path file;
    private final Object writeLock = new Object();

    public JsonTokenCalibrationFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    public static JsonTokenCalibrationFile inDataDir(Path dataDir) {
        return new JsonTokenCalibrationFile(dataDir.resolve("token_calibration.json"));
    }

    @Override
    public Map<String, TokenRatio> loadAll() {
        Map<String, TokenRatio> out = new HashMap<>();
        JsonNode models = read().path("models");
        Iterator<Map.Entry<String, JsonNode>> it = models.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode ratio = e.getValue().path("ratio");
            JsonNode samples = e.getValue().path("samples");
            if (!ratio.isNumber() || !samples.canConvertToInt()) {
                continue;
            }
            try {
                out.put(e.getKey(), new TokenRatio(ratio.asDouble(), samples.asInt()));
            } catch (IllegalArgumentException skipped) {
                // out of range: ignore this entry, the prior applies
            }
        }
        return out;
    }

    @Override
    public void save(String modelId, TokenRatio ratio) {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(ratio, "ratio");
        synchronized (writeLock) {
            ObjectNode root = read();
            root.put("schema_version", SCHEMA_VERSION);
            JsonNode existing = root.get("models");
            ObjectNode models = existing instanceof ObjectNode o ? o : root.putObject("models");
            models.putObject(modelId).put("ratio", ratio.ratio()).put("samples", ratio.samples());
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                AtomicFiles.write(file, Json.bytes(root));
            } catch (IOException e) {
                throw new TrestleException(ErrorInfo.of(ErrorCode.FILE_WRITE_FAILED, Phase.WORKSHOP)
                        .withDetail("token_calibration.json could not be written"), e);
            }
        }
    }

    private ObjectNode read() {
        try {
            JsonNode n = Json.MAPPER.readTree(Files.readAllBytes(file));
            if (n instanceof ObjectNode o && o.path("schema_version").asInt(SCHEMA_VERSION) <= SCHEMA_VERSION) {
                return o;
            }
        } catch (NoSuchFileException e) {
            return Json.object();
        } catch (IOException | RuntimeException e) {
            // unreadable or corrupt: start over
        }
        return Json.object();
    }
}
