package dev.trestle.adapters.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.ErrorInfoForm;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.EngineLogPort;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code <data_dir>/logs/engine.log} ({@code errors.md} §6): one JSON object per line,
 * {@code {ts, level, event, ...fields}}, rotated at 5 MiB keeping {@code engine.log.1..3}. DEBUG lines are written
 * only when enabled ({@code TRESTLE_DEBUG=1}). Values under keys named like a secret ({@code api_key},
 * {@code authorization}, {@code token}, {@code secret}, the vendors' key headers; any case, at any depth) become
 * {@code [REDACTED]}. Thread-safe; never throws: a log that cannot be written is dropped.
 */
public final class JsonLinesEngineLog implements EngineLogPort {
    public static final long ROTATE_AT_BYTES = 5L * 1024 * 1024;
    public static final int KEEP_ROTATED = 3;
    static final String REDACTED = "[REDACTED]";
    private static final Set<String> SECRET_KEYS = Set.of("api_key", "authorization", "token", "secret",
            "x-api-key", "x-goog-api-key", "apikey", "api-key");
    private static final Set<String> RESERVED = Set.of("ts", "level", "event");
    private static final int MAX_DEPTH = 8;

    private final Path file;
    private final boolean debugEnabled;
    private final ClockPort clock;
    private final long rotateAtBytes;
    private long dropped;

    public JsonLinesEngineLog(Path file, boolean debugEnabled, ClockPort clock) {
        this(file, debugEnabled, clock, ROTATE_AT_BYTES);
    }

    JsonLinesEngineLog(Path file, boolean debugEnabled, ClockPort clock, long rotateAtBytes) {
        this.file = Objects.requireNonNull(file, "file");
        this.debugEnabled = debugEnabled;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rotateAtBytes = rotateAtBytes;
    }

    /** {@code <data_dir>/logs/engine.log}. */
    public static JsonLinesEngineLog inDataDir(Path dataDir, boolean debugEnabled, ClockPort clock) {
        return new JsonLinesEngineLog(dataDir.resolve("logs").resolve("engine.log"), debugEnabled, clock);
    }

    /** Whether {@code TRESTLE_DEBUG=1} is set in {@code env}. */
    public static boolean debugFrom(Map<String, String> env) {
        return "1".equals(env.get("TRESTLE_DEBUG"));
    }

    @Override
    public void info(String event, Map<String, ?> fields) {
        write("INFO", event, fields);
    }

    @Override
    public void warn(String event, Map<String, ?> fields) {
        write("WARN", event, fields);
    }

    @Override
    public void debug(String event, Map<String, ?> fields) {
        if (debugEnabled) {
            write("DEBUG", event, fields);
        }
    }

    /** Lines that could not be written since start (for diagnostics and tests). */
    public synchronized long dropped() {
        return dropped;
    }

    private synchronized void write(String level, String event, Map<String, ?> fields) {
        try {
            ObjectNode line = Json.object();
            line.put("ts", Json.time(clock.now()));
            line.put("level", level);
            line.put("event", String.valueOf(event));
            if (fields != null) {
                for (Map.Entry<String, ?> f : fields.entrySet()) {
                    String key = String.valueOf(f.getKey());
                    line.set(RESERVED.contains(key) ? "field_" + key : key, value(key, f.getValue(), 0));
                }
            }
            byte[] bytes = (Json.line(line) + "\n").getBytes(StandardCharsets.UTF_8);
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            rotateIfNeeded(bytes.length);
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            dropped++;
        }
    }

    private void rotateIfNeeded(int incoming) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        long size = Files.size(file);
        if (size == 0 || size + incoming <= rotateAtBytes) {
            return;
        }
        Files.deleteIfExists(rotated(KEEP_ROTATED));
        for (int i = KEEP_ROTATED - 1; i >= 1; i--) {
            Path from = rotated(i);
            if (Files.exists(from)) {
                Files.move(from, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
    }

    private Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    static boolean isSecretKey(String key) {
        return SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT));
    }

    private static JsonNode value(String key, Object v, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (key != null && isSecretKey(key)) {
            return f.textNode(REDACTED);
        }
        if (v == null) {
            return f.nullNode();
        }
        if (depth > MAX_DEPTH) {
            return f.textNode("[TOO_DEEP]");
        }
        if (v instanceof String s) {
            return f.textNode(s);
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return f.numberNode(((Number) v).longValue());
        }
        if (v instanceof Double || v instanceof Float) {
            return f.numberNode(((Number) v).doubleValue());
        }
        if (v instanceof BigDecimal d) {
            return f.numberNode(d);
        }
        if (v instanceof BigInteger i) {
            return f.numberNode(i);
        }
        if (v instanceof Instant t) {
            return f.textNode(Json.time(t));
        }
        if (v instanceof ErrorInfo e) {
            return ErrorInfoForm.tree(e);
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = f.objectNode();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                o.set(k, value(k, e.getValue(), depth + 1));
            }
            return o;
        }
        if (v instanceof Collection<?> c) {
            ArrayNode a = f.arrayNode();
            for (Object item : c) {
                a.add(value(null, item, depth + 1));
            }
            return a;
        }
        return f.textNode(String.valueOf(v));
    }
}
