package dev.trestle.adapters.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Limits;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.Settings;
import dev.trestle.domain.model.TrestleException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonSettingsFileTest {
    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    private final Path dir = fs.getPath("/data");
    private final Path file = dir.resolve("settings.json");
    private final JsonSettingsFile settings = new JsonSettingsFile(file);

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    private void writeFile(String json) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(file, json);
    }

    private JsonNode fileTree() throws IOException {
        return Json.MAPPER.readTree(Files.readAllBytes(file));
    }

    @Test
    void reading_a_missing_file_creates_nothing() {
        assertThat(settings.read()).isEqualTo(Settings.defaults());
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void missing_fields_take_defaults() throws IOException {
        writeFile("{\"schema_version\":1,\"limits\":{\"max_files\":7},\"providers\":{\"google\":{}}}");
        Settings s = settings.read();
        assertThat(s.limits()).isEqualTo(new Limits(7, Limits.DEFAULT.maxFileBytes()));
        assertThat(s.provider(ProviderId.GOOGLE)).isEqualTo(Settings.ProviderSettings.DEFAULT);
        assertThat(s.userDefaultModelId()).isNull();
    }

    @Test
    void a_file_without_schema_version_reads_as_version_one() throws IOException {
        writeFile("{\"user_default_model_id\":\"mistral:mistral-large\"}");
        assertThat(settings.read().userDefaultModelId()).isEqualTo("mistral:mistral-large");
    }

    @Test
    void an_update_writes_the_storage_layout() throws IOException {
        Instant at = Instant.parse("2025-06-07T08:09:10.123Z");
        settings.update(s -> s.withUserDefault("openai:gpt-5.2").withProvider(ProviderId.OPENAI,
                s.provider(ProviderId.OPENAI).withValidation(at, ErrorInfo.of(ErrorCode.PROVIDER_AUTH_FAILED,
                        Phase.SETTINGS).withProvider("openai").withSubphase("validate_key"))));
        JsonNode t = fileTree();
        assertThat(t.path("schema_version").asInt()).isEqualTo(1);
        assertThat(t.path("user_default_model_id").asText()).isEqualTo("openai:gpt-5.2");
        assertThat(t.path("limits").path("max_files").asInt()).isEqualTo(1000);
        assertThat(t.path("limits").path("max_file_bytes").asLong()).isEqualTo(26_214_400L);
        JsonNode openai = t.path("providers").path("openai");
        assertThat(openai.path("enabled").asBoolean()).isTrue();
        assertThat(openai.path("last_validated_at").asText()).isEqualTo("2025-06-07T08:09:10.123Z");
        assertThat(openai.path("last_error").path("error_code").asText()).isEqualTo("PROVIDER_AUTH_FAILED");
        assertThat(openai.path("last_error").path("actions").get(0).asText()).isEqualTo("open_settings");
        assertThat(openai.path("last_error").path("subphase").asText()).isEqualTo("validate_key");
        assertThat(t.path("providers").path("mistral").path("enabled").asBoolean()).isTrue();
    }

    @Test
    void unknown_fields_survive_a_rewrite_at_every_level() throws IOException {
        writeFile("""
                {"schema_version":1,"future_top":{"a":[1,2]},
                 "limits":{"max_files":5,"max_file_bytes":10,"max_depth":3},
                 "providers":{"anthropic":{"enabled":true,"region":"eu"},"acme":{"enabled":true}}}
                """);
        settings.update(s -> s.withProvider(ProviderId.ANTHROPIC, s.provider(ProviderId.ANTHROPIC).withEnabled(false)));
        JsonNode t = fileTree();
        assertThat(t.path("future_top").path("a").get(1).asInt()).isEqualTo(2);
        assertThat(t.path("limits").path("max_depth").asInt()).isEqualTo(3);
        assertThat(t.path("limits").path("max_files").asInt()).isEqualTo(5);
        assertThat(t.path("providers").path("anthropic").path("region").asText()).isEqualTo("eu");
        assertThat(t.path("providers").path("anthropic").path("enabled").asBoolean()).isFalse();
        assertThat(t.path("providers").path("acme").path("enabled").asBoolean()).isTrue();
    }

    @Test
    void an_endpoint_is_read_and_survives_updates_untouched() throws IOException {
        writeFile("""
                {"schema_version":1,"providers":{"openai":{"enabled":true,
                  "endpoint":{"base_url":"https://localhost:8443/gw","ca_file":"/etc/ca.pem","note":"keep"}}}}
                """);
        assertThat(settings.read().provider(ProviderId.OPENAI).endpoint())
                .isEqualTo(new Settings.CustomEndpoint("https://localhost:8443/gw", "/etc/ca.pem"));

        Settings after = settings.update(s -> s.withProvider(ProviderId.OPENAI,
                new Settings.ProviderSettings(false, null, null, null)));
        assertThat(after.provider(ProviderId.OPENAI).endpoint().baseUrl()).isEqualTo("https://localhost:8443/gw");
        JsonNode ep = fileTree().path("providers").path("openai").path("endpoint");
        assertThat(ep.path("base_url").asText()).isEqualTo("https://localhost:8443/gw");
        assertThat(ep.path("note").asText()).isEqualTo("keep");
        assertThat(fileTree().path("providers").path("mistral").has("endpoint")).isFalse();
    }

    @Test
    void a_malformed_endpoint_still_reads_as_present() throws IOException {
        writeFile("{\"providers\":{\"google\":{\"endpoint\":\"https://x\"}}}");
        assertThat(settings.read().provider(ProviderId.GOOGLE).endpoint())
                .isEqualTo(new Settings.CustomEndpoint(null, null));
    }

    @Test
    void clearing_the_default_model_removes_the_field() throws IOException {
        settings.update(s -> s.withUserDefault("openai:gpt-5.2"));
        settings.update(s -> s.withUserDefault(null));
        assertThat(fileTree().has("user_default_model_id")).isFalse();
    }

    @Test
    void wrong_typed_fields_read_as_defaults() throws IOException {
        writeFile("""
                {"user_default_model_id":42,"limits":{"max_files":"many","max_file_bytes":-1},
                 "providers":{"openai":{"enabled":"no","last_validated_at":"yesterday","last_error":{"error_code":"NOPE"}}}}
                """);
        Settings s = settings.read();
        assertThat(s.userDefaultModelId()).isNull();
        assertThat(s.limits()).isEqualTo(Limits.DEFAULT);
        assertThat(s.provider(ProviderId.OPENAI)).isEqualTo(Settings.ProviderSettings.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "", "[1,2]", "\"text\"", "{\"schema_version\":2}",
            "{\"schema_version\":\"1\"}", "{\"schema_version\":0}", "{} trailing"})
    void a_corrupt_or_future_file_fails_on_read_and_update_and_is_left_untouched(String content) throws IOException {
        writeFile(content);
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(settings::read).isInstanceOfSatisfying(TrestleException.class, e -> {
            assertThat(e.info().errorCode()).isEqualTo(ErrorCode.FILE_READ_FAILED);
            assertThat(e.info().phase()).isEqualTo(Phase.SETTINGS);
            assertThat(e.info().actions()).containsExactly(dev.trestle.domain.model.ErrorAction.RETRY);
        });
        assertThatThrownBy(() -> settings.update(s -> s.withUserDefault("openai:gpt-5.2")))
                .isInstanceOfSatisfying(TrestleException.class,
                        e -> assertThat(e.info().errorCode()).isEqualTo(ErrorCode.FILE_READ_FAILED));
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (var listing = Files.list(dir)) {
            assertThat(listing).containsExactly(file);
        }
    }

    @Test
    void a_failing_change_function_writes_nothing() throws IOException {
        settings.update(s -> s.withUserDefault("openai:gpt-5.2"));
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> settings.update(s -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void a_directory_in_place_of_the_file_is_a_read_failure() throws IOException {
        Files.createDirectories(file);
        assertThatThrownBy(settings::read).isInstanceOfSatisfying(TrestleException.class,
                e -> assertThat(e.info().errorCode()).isEqualTo(ErrorCode.FILE_READ_FAILED));
    }

    @Test
    void concurrent_updates_are_serialised_and_none_is_lost() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int k = 0; k < 10; k++) {
                        settings.update(s -> new Settings(s.userDefaultModelId(),
                                new Limits(s.limits().maxFiles() + 1, s.limits().maxFileBytes()), s.providers()));
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
        assertThat(settings.read().limits().maxFiles()).isEqualTo(1000 + threads * 10);
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).contains("1080");
    }
}
