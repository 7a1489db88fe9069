package dev.trestle.adapters.settings;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.adapters.support.DiskFull;
import dev.trestle.adapters.support.IoFailures;
import dev.trestle.adapters.support.ErrorInfoForm;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Limits;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.Settings;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.out.SettingsPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * {@code settings.json} ({@code storage.md} §2) on any file system. Reads fill defaults for a missing file or field;
 * updates patch the file's JSON tree, so fields this engine does not know (top level, in {@code limits}, in each
 * provider) survive, and a provider's {@code endpoint} is read but never written. A corrupt file or one with a newer
 * {@code schema_version} fails {@code FILE_READ_FAILED} on read and on update, and is left untouched.
 * <p>
 * Updates are serialised by this instance: use one instance per data directory.
 */
public final class JsonSettingsFile implements SettingsPort {
    static final int SCHEMA_VERSION = 1;

    private final Path file;
    private final Object writeLock = new Object();

    public JsonSettingsFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** {@code <data_dir>/settings.json}. */
    public static JsonSettingsFile inDataDir(Path dataDir) {
        return new JsonSettingsFile(dataDir.resolve("settings.json"));
    }

    @Override
    public Settings read() {
        return parse(loadTree());
    }

    @Override
    public Settings update(UnaryOperator<Settings> change) {
        synchronized (writeLock) {
            ObjectNode tree = loadTree();
            Settings current = parse(tree);
            Settings next = Objects.requireNonNull(change.apply(current), "changed settings");
            if (next.equals(current)) {
                // nothing to write: a no-op never touches the disk (and cannot fail on a full one)
                return current;
            }
            patch(tree, next);
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                AtomicFiles.write(file, Json.bytes(tree));
            } catch (IOException e) {
                throw new TrestleException(writeFailure(e), e);
            }
            return parse(tree);
        }
    }

    private ObjectNode loadTree() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Json.object();
        } catch (IOException e) {
            throw new TrestleException(readFailure("settings.json could not be read"), e);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(bytes);
        } catch (IOException e) {
            throw new TrestleException(readFailure("settings.json is not valid JSON"), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new TrestleException(readFailure("settings.json is empty"));
        }
        if (!node.isObject()) {
            throw new TrestleException(readFailure("settings.json is not a JSON object"));
        }
        JsonNode version = node.get("schema_version");
        if (version != null && !version.isNull()) {
            if (!version.isIntegralNumber() || version.asLong() < 1) {
                throw new TrestleException(readFailure("settings.json has an invalid schema_version"));
            }
            if (version.asLong() > SCHEMA_VERSION) {
                throw new TrestleException(readFailure("settings.json schema_version " + version.asLong()
                        + " is newer than this engine supports"));
            }
        }
        return (ObjectNode) node;
    }

    private static Settings parse(ObjectNode root) {
        JsonNode model = root.get("user_default_model_id");
        String userDefault = model != null && model.isTextual() ? model.asText() : null;

        JsonNode limitsNode = root.path("limits");
        int maxFiles = Limits.DEFAULT.maxFiles();
        long maxFileBytes = Limits.DEFAULT.maxFileBytes();
        JsonNode mf = limitsNode.get("max_files");
        if (mf != null && mf.isIntegralNumber() && mf.canConvertToInt() && mf.asInt() > 0) {
            maxFiles = mf.asInt();
        }
        JsonNode mb = limitsNode.get("max_file_bytes");
        if (mb != null && mb.isIntegralNumber() && mb.canConvertToLong() && mb.asLong() > 0) {
            maxFileBytes = mb.asLong();
        }

        Map<ProviderId, Settings.ProviderSettings> providers = new EnumMap<>(ProviderId.class);
        JsonNode providersNode = root.path("providers");
        for (ProviderId p : ProviderId.values()) {
            JsonNode n = providersNode.get(p.id());
            if (n != null && n.isObject()) {
                providers.put(p, parseProvider(n));
            }
        }
        long maxStoreBytes = 0;
        JsonNode ms = root.path("checkpoints").get("max_store_bytes");
        if (ms != null && ms.isIntegralNumber() && ms.canConvertToLong() && ms.asLong() > 0) {
            maxStoreBytes = ms.asLong();
        }
        return new Settings(userDefault, new Limits(maxFiles, maxFileBytes, maxStoreBytes), providers);
    }

    private static Settings.ProviderSettings parseProvider(JsonNode n) {
        JsonNode enabled = n.get("enabled");
        boolean isEnabled = enabled == null || !enabled.isBoolean() || enabled.asBoolean();
        Instant validatedAt = null;
        JsonNode at = n.get("last_validated_at");
        if (at != null && at.isTextual()) {
            try {
                validatedAt = Json.parseTime(at.asText());
            } catch (DateTimeParseException e) {
                validatedAt = null;
            }
        }
        ErrorInfo lastError = ErrorInfoForm.read(n.get("last_error"));
        Settings.CustomEndpoint endpoint = null;
        JsonNode ep = n.get("endpoint");
        if (ep != null && !ep.isNull()) {
            // Present but malformed still counts as a custom endpoint: the endpoint check marks it invalid.
            endpoint = new Settings.CustomEndpoint(textOrNull(ep.get("base_url")), textOrNull(ep.get("ca_file")));
        }
        return new Settings.ProviderSettings(isEnabled, validatedAt, lastError, endpoint);
    }

    private static String textOrNull(JsonNode n) {
        return n != null && n.isTextual() ? n.asText() : null;
    }

    /** Writes the known fields of {@code s} into {@code root}, leaving every other field (and endpoints) alone. */
    private static void patch(ObjectNode root, Settings s) {
        root.put("schema_version", SCHEMA_VERSION);
        if (s.userDefaultModelId() == null) {
            root.remove("user_default_model_id");
        } else {
            root.put("user_default_model_id", s.userDefaultModelId());
        }
        ObjectNode limits = objectField(root, "limits");
        limits.put("max_files", s.limits().maxFiles());
        limits.put("max_file_bytes", s.limits().maxFileBytes());
        if (s.limits().maxStoreBytes() > 0) {
            objectField(root, "checkpoints").put("max_store_bytes", s.limits().maxStoreBytes());
        }
        ObjectNode providers = objectField(root, "providers");
        for (ProviderId p : ProviderId.values()) {
            Settings.ProviderSettings ps = s.provider(p);
            ObjectNode n = objectField(providers, p.id());
            n.put("enabled", ps.enabled());
            if (ps.lastValidatedAt() == null) {
                n.remove("last_validated_at");
            } else {
                n.put("last_validated_at", Json.time(ps.lastValidatedAt()));
            }
            if (ps.lastError() == null) {
                n.remove("last_error");
            } else {
                n.set("last_error", ErrorInfoForm.tree(ps.lastError()));
            }
        }
    }

    private static ObjectNode objectField(ObjectNode parent, String name) {
        JsonNode existing = parent.get(name);
        if (existing instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(name);
    }

    private static ErrorInfo readFailure(String detail) {
        return ErrorInfo.of(ErrorCode.FILE_READ_FAILED, Phase.SETTINGS).withDetail(detail);
    }

    private static ErrorInfo writeFailure(IOException e) {
        if (DiskFull.is(e)) {
            return ErrorInfo.of(ErrorCode.DISK_FULL, Phase.SETTINGS).withDetail("settings.json could not be written");
        }
        return ErrorInfo.of(ErrorCode.FILE_WRITE_FAILED, Phase.SETTINGS)
                .withDetail("settings.json could not be written (" + IoFailures.reason(e) + ")");
    }
}
