package dev.trestle.adapters.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.fakes.FakeClock;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesEngineLogTest {
    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    private final Path dataDir = fs.getPath("/data");
    private final Path file = dataDir.resolve("logs/engine.log");
    private final FakeClock clock = new FakeClock();

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    private List<JsonNode> lines(Path f) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            out.add(Json.MAPPER.readTree(l));
        }
        return out;
    }

    @Test
    void writes_one_json_object_per_line_with_ts_level_and_event_first() throws IOException {
        JsonLinesEngineLog log = JsonLinesEngineLog.inDataDir(dataDir, false, clock);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("method", "ProvidersValidate");
        fields.put("duration_ms", 42);
        fields.put("ok", true);
        fields.put("at", clock.now());
        fields.put("error", ErrorInfo.of(ErrorCode.NETWORK_UNAVAILABLE, Phase.SETTINGS));
        fields.put("ids", List.of("a", "b"));
        fields.put("nothing", null);
        log.info("rpc_done", fields);
        log.warn("slow", Map.of());

        List<JsonNode> lines = lines(file);
        assertThat(lines).hasSize(2);
        JsonNode first = lines.get(0);
        assertThat(first.fieldNames()).toIterable().startsWith("ts", "level", "event");
        assertThat(first.path("ts").asText()).isEqualTo("2025-01-15T10:00:00.000Z");
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("event").asText()).isEqualTo("rpc_done");
        assertThat(first.path("duration_ms").asInt()).isEqualTo(42);
        assertThat(first.path("ok").asBoolean()).isTrue();
        assertThat(first.path("error").path("error_code").asText()).isEqualTo("NETWORK_UNAVAILABLE");
        assertThat(first.path("ids").get(1).asText()).isEqualTo("b");
        assertThat(first.path("nothing").isNull()).isTrue();
        assertThat(lines.get(1).path("level").asText()).isEqualTo("WARN");
    }

    @Test
    void debug_lines_are_written_only_when_enabled() throws IOException {
        JsonLinesEngineLog quiet = JsonLinesEngineLog.inDataDir(dataDir, false, clock);
        quiet.debug("hidden", Map.of());
        quiet.info("shown", Map.of());
        JsonLinesEngineLog verbose = JsonLinesEngineLog.inDataDir(dataDir, true, clock);
        verbose.debug("visible", Map.of());
        assertThat(lines(file)).extracting(n -> n.path("event").asText()).containsExactly("shown", "visible");
        assertThat(JsonLinesEngineLog.debugFrom(Map.of("TRESTLE_DEBUG", "1"))).isTrue();
        assertThat(JsonLinesEngineLog.debugFrom(Map.of("TRESTLE_DEBUG", "true"))).isFalse();
        assertThat(JsonLinesEngineLog.debugFrom(Map.of())).isFalse();
    }

    @Test
    void secret_looking_fields_are_redacted_in_any_case_and_at_any_depth() throws IOException {
        JsonLinesEngineLog log = JsonLinesEngineLog.inDataDir(dataDir, true, clock);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer sk-live-1");
        headers.put("X-Api-Key", "sk-live-2");
        headers.put("accept", "text/event-stream");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("API_KEY", "sk-live-3");
        fields.put("Token", Map.of("value", "sk-live-4"));
        fields.put("params", Map.of("secret", "sk-live-5", "provider_id", "openai"));
        fields.put("headers", headers);
        fields.put("list", List.of(Map.of("token", "sk-live-6")));
        log.debug("request", fields);

        String text = Files.readString(file);
        assertThat(text).doesNotContain("sk-live");
        JsonNode line = lines(file).get(0);
        assertThat(line.path("API_KEY").asText()).isEqualTo("[REDACTED]");
        assertThat(line.path("Token").asText()).isEqualTo("[REDACTED]");
        assertThat(line.path("params").path("secret").asText()).isEqualTo("[REDACTED]");
        assertThat(line.path("params").path("provider_id").asText()).isEqualTo("openai");
        assertThat(line.path("headers").path("Authorization").asText()).isEqualTo("[REDACTED]");
        assertThat(line.path("headers").path("accept").asText()).isEqualTo("text/event-stream");
        assertThat(line.path("list").get(0).path("token").asText()).isEqualTo("[REDACTED]");
    }

    @Test
    void fields_cannot_overwrite_ts_level_or_event() throws IOException {
        JsonLinesEngineLog log = JsonLinesEngineLog.inDataDir(dataDir, false, clock);
        log.info("real", Map.of("event", "fake", "level", "DEBUG"));
        JsonNode line = lines(file).get(0);
        assertThat(line.path("event").asText()).isEqualTo("real");
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("field_event").asText()).isEqualTo("fake");
    }

    @Test
    void rotates_keeping_three_older_files() throws IOException {
        JsonLinesEngineLog log = new JsonLinesEngineLog(file, false, clock, 200);
        for (int i = 0; i < 40; i++) {
            log.info("e" + i, Map.of("pad", "x".repeat(40)));
        }
        assertThat(Files.size(file)).isLessThanOrEqualTo(200);
        for (int n = 1; n <= 3; n++) {
            Path rotated = file.resolveSibling("engine.log." + n);
            assertThat(Files.exists(rotated)).as(rotated.toString()).isTrue();
            assertThat(Files.size(rotated)).isLessThanOrEqualTo(200);
        }
        assertThat(Files.exists(file.resolveSibling("engine.log.4"))).isFalse();
        List<JsonNode> current = lines(file);
        assertThat(current.get(current.size() - 1).path("event").asText()).isEqualTo("e39");
        List<JsonNode> older = lines(file.resolveSibling("engine.log.1"));
        int lastOlder = Integer.parseInt(older.get(older.size() - 1).path("event").asText().substring(1));
        int firstCurrent = Integer.parseInt(current.get(0).path("event").asText().substring(1));
        assertThat(firstCurrent).isEqualTo(lastOlder + 1);
    }

    @Test
    void the_default_rotation_size_is_five_mebibytes() {
        assertThat(JsonLinesEngineLog.ROTATE_AT_BYTES).isEqualTo(5L * 1024 * 1024);
        assertThat(JsonLinesEngineLog.KEEP_ROTATED).isEqualTo(3);
    }

    @Test
    void an_unwritable_log_never_throws() throws IOException {
        Files.createDirectories(file);
        JsonLinesEngineLog log = new JsonLinesEngineLog(file, true, clock);
        log.info("lost", Map.of("a", 1));
        log.warn("lost", null);
        log.debug("lost", Map.of());
        assertThat(log.dropped()).isEqualTo(3);
    }

    @Test
    void odd_values_are_written_as_text_and_cycles_do_not_hang() throws IOException {
        JsonLinesEngineLog log = JsonLinesEngineLog.inDataDir(dataDir, false, clock);
        Map<String, Object> loop = new LinkedHashMap<>();
        loop.put("self", loop);
        log.info("odd", Map.of("phase", Phase.PUBLISH, "loop", loop, "dur", java.time.Duration.ofMillis(1500)));
        JsonNode line = lines(file).get(0);
        assertThat(line.path("phase").asText()).isEqualTo("PUBLISH");
        assertThat(line.path("dur").asText()).isEqualTo("PT1.5S");
        assertThat(Files.readString(file)).contains("[TOO_DEEP]");
    }

    @Test
    void concurrent_writers_produce_whole_lines(@TempDir Path tmp) throws Exception {
        JsonLinesEngineLog log = JsonLinesEngineLog.inDataDir(tmp, false, clock);
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        log.info("w", Map.of("thread", id, "i", i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(lines(tmp.resolve("logs/engine.log"))).hasSize(threads * 50);
    }
}
