package dev.trestle.adapters.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.fakes.FakeClock;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.TrestleException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AesGcmSecretsFileTest {
    private static final String KEY = "sk-test-1234";

    private final FileSystem jimfs = Jimfs.newFileSystem(Configuration.unix());
    private final FakeClock clock = new FakeClock();
    private final Path dir = jimfs.getPath("/data");

    @AfterEach
    void close() throws IOException {
        jimfs.close();
    }

    private AesGcmSecretsFile open(Path d) {
        return new AesGcmSecretsFile(d, clock);
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static boolean containsBytes(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void keys_survive_a_new_instance_on_the_default_file_system(@TempDir Path tmp) {
        open(tmp).setApiKey(ProviderId.OPENAI, KEY);
        AesGcmSecretsFile reopened = open(tmp);
        assertThat(reopened.readable()).isTrue();
        assertThat(reopened.apiKey(ProviderId.OPENAI)).contains(KEY);
    }

    @Test
    void the_envelope_has_the_storage_layout_and_a_32_byte_master_key() throws IOException {
        open(dir).setApiKey(ProviderId.OPENAI, KEY);
        JsonNode env = Json.MAPPER.readTree(Files.readAllBytes(dir.resolve("secrets.enc")));
        assertThat(env.path("schema_version").asInt()).isEqualTo(1);
        assertThat(env.path("alg").asText()).isEqualTo("AES-256-GCM");
        assertThat(Base64.getDecoder().decode(env.path("nonce").asText())).hasSize(12);
        assertThat(Base64.getDecoder().decode(env.path("ciphertext").asText())).isNotEmpty();
        assertThat(Files.size(dir.resolve("master.key"))).isEqualTo(32);
    }

    @Test
    void every_save_uses_a_new_nonce_and_keeps_the_master_key() throws IOException {
        AesGcmSecretsFile s = open(dir);
        s.setApiKey(ProviderId.OPENAI, KEY);
        byte[] master = Files.readAllBytes(dir.resolve("master.key"));
        String nonce1 = Json.MAPPER.readTree(Files.readAllBytes(dir.resolve("secrets.enc"))).path("nonce").asText();
        s.setApiKey(ProviderId.OPENAI, KEY);
        String nonce2 = Json.MAPPER.readTree(Files.readAllBytes(dir.resolve("secrets.enc"))).path("nonce").asText();
        assertThat(nonce2).isNotEqualTo(nonce1);
        assertThat(Files.readAllBytes(dir.resolve("master.key"))).isEqualTo(master);
    }

    @Test
    void the_key_string_never_appears_in_any_file_under_the_data_dir(@TempDir Path tmp) throws IOException {
        AesGcmSecretsFile s = open(tmp);
        s.setApiKey(ProviderId.OPENAI, KEY);
        s.setApiKey(ProviderId.ANTHROPIC, "sk-ant-5678");
        s.clearApiKey(ProviderId.ANTHROPIC);
        List<Path> files = filesUnder(tmp);
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            for (String secret : List.of(KEY, "sk-ant-5678")) {
                assertThat(containsBytes(bytes, secret.getBytes(StandardCharsets.UTF_8))).as(f + " " + secret)
                        .isFalse();
                assertThat(containsBytes(bytes, secret.getBytes(StandardCharsets.UTF_16LE))).isFalse();
                assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                        .doesNotContain(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    @Test
    void tampered_ciphertext_makes_the_store_unreadable_with_no_keys() throws IOException {
        open(dir).setApiKey(ProviderId.OPENAI, KEY);
        Path enc = dir.resolve("secrets.enc");
        ObjectNode env = (ObjectNode) Json.MAPPER.readTree(Files.readAllBytes(enc));
        byte[] ct = Base64.getDecoder().decode(env.path("ciphertext").asText());
        ct[0] ^= 1;
        env.put("ciphertext", Base64.getEncoder().encodeToString(ct));
        Files.write(enc, Json.bytes(env));

        AesGcmSecretsFile s = open(dir);
        assertThat(s.readable()).isFalse();
        assertThat(s.apiKey(ProviderId.OPENAI)).isEmpty();
    }

    @Test
    void a_different_master_key_cannot_decrypt() throws IOException {
        open(dir).setApiKey(ProviderId.OPENAI, KEY);
        Files.write(dir.resolve("master.key"), new byte[32]);
        AesGcmSecretsFile s = open(dir);
        assertThat(s.readable()).isFalse();
        assertThat(s.apiKey(ProviderId.OPENAI)).isEmpty();
    }

    @Test
    void a_missing_or_short_master_key_makes_the_store_unreadable() throws IOException {
        open(dir).setApiKey(ProviderId.OPENAI, KEY);
        Files.write(dir.resolve("master.key"), new byte[31]);
        assertThat(open(dir).readable()).isFalse();
        Files.delete(dir.resolve("master.key"));
        assertThat(open(dir).readable()).isFalse();
    }

    @Test
    void a_changed_header_fails_authentication() throws IOException {
        open(dir).setApiKey(ProviderId.OPENAI, KEY);
        Path enc = dir.resolve("secrets.enc");
        ObjectNode env = (ObjectNode) Json.MAPPER.readTree(Files.readAllBytes(enc));
        byte[] nonce = Base64.getDecoder().decode(env.path("nonce").asText());
        nonce[11] ^= 1;
        env.put("nonce", Base64.getEncoder().encodeToString(nonce));
        Files.write(enc, Json.bytes(env));
        assertThat(open(dir).readable()).isFalse();
    }

    @Test
    void garbage_future_versions_and_wrong_algorithms_are_unreadable() throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("master.key"), new byte[32]);
        for (String content : List.of("not json", "{}", "[]",
                "{\"schema_version\":2,\"alg\":\"AES-256-GCM\",\"nonce\":\"AAAAAAAAAAAAAAAA\",\"ciphertext\":\"AA==\"}",
                "{\"schema_version\":1,\"alg\":\"ROT13\",\"nonce\":\"AAAAAAAAAAAAAAAA\",\"ciphertext\":\"AA==\"}",
                "{\"schema_version\":1,\"alg\":\"AES-256-GCM\",\"nonce\":\"%%%\",\"ciphertext\":\"AA==\"}",
                "{\"schema_version\":1,\"alg\":\"AES-256-GCM\",\"nonce\":\"AAAA\",\"ciphertext\":\"AA==\"}")) {
            Files.writeString(dir.resolve("secrets.enc"), content);
            assertThat(open(dir).readable()).as(content).isFalse();
        }
    }

    @Test
    void setting_a_key_on_an_unreadable_store_sets_it_aside_and_starts_empty() throws IOException {
        AesGcmSecretsFile first = open(dir);
        first.setApiKey(ProviderId.OPENAI, KEY);
        first.setApiKey(ProviderId.GOOGLE, "g-key");
        Files.write(dir.resolve("master.key"), new byte[32]);
        byte[] unreadable = Files.readAllBytes(dir.resolve("secrets.enc"));

        AesGcmSecretsFile s = open(dir);
        assertThat(s.readable()).isFalse();
        s.clearApiKey(ProviderId.OPENAI);
        assertThat(Files.readAllBytes(dir.resolve("secrets.enc"))).isEqualTo(unreadable);

        s.setApiKey(ProviderId.MISTRAL, "m-key");
        assertThat(s.readable()).isTrue();
        assertThat(s.apiKey(ProviderId.MISTRAL)).contains("m-key");
        assertThat(s.apiKey(ProviderId.GOOGLE)).isEmpty();
        Path aside = dir.resolve("secrets.enc.unreadable-20250115T100000.000Z");
        assertThat(Files.readAllBytes(aside)).isEqualTo(unreadable);

        AesGcmSecretsFile reopened = open(dir);
        assertThat(reopened.readable()).isTrue();
        assertThat(reopened.apiKey(ProviderId.MISTRAL)).contains("m-key");
    }

    @Test
    void a_second_set_aside_at_the_same_instant_gets_its_own_name() throws IOException {
        for (int round = 0; round < 2; round++) {
            open(dir).setApiKey(ProviderId.OPENAI, KEY);
            Files.write(dir.resolve("master.key"), new byte[] {1, 2, 3});
            open(dir).setApiKey(ProviderId.OPENAI, KEY);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("secrets.enc.unreadable-")))
                    .containsExactlyInAnyOrder("secrets.enc.unreadable-20250115T100000.000Z",
                            "secrets.enc.unreadable-20250115T100000.000Z-2");
        }
        assertThat(open(dir).apiKey(ProviderId.OPENAI)).contains(KEY);
    }

    @Test
    void both_files_are_owner_only_on_posix_file_systems(@TempDir Path tmp) throws IOException {
        for (Path d : List.of(tmp, dir)) {
            open(d).setApiKey(ProviderId.OPENAI, KEY);
            if (d.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                for (String name : List.of("secrets.enc", "master.key")) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.resolve(name))))
                            .as(d + "/" + name).isEqualTo("rw-------");
                }
            }
        }
    }

    @Test
    void an_empty_key_is_refused_and_changes_nothing() {
        AesGcmSecretsFile s = open(dir);
        s.setApiKey(ProviderId.OPENAI, KEY);
        assertThatThrownBy(() -> s.setApiKey(ProviderId.OPENAI, "")).isInstanceOfSatisfying(TrestleException.class,
                e -> {
                    assertThat(e.info().errorCode()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.getMessage()).doesNotContain(KEY);
                });
        assertThat(s.apiKey(ProviderId.OPENAI)).contains(KEY);
    }

    @Test
    void a_write_failure_is_structured_and_keeps_the_previous_keys() throws IOException {
        AesGcmSecretsFile s = open(dir);
        s.setApiKey(ProviderId.OPENAI, KEY);
        Files.delete(dir.resolve("secrets.enc"));
        Files.createDirectories(dir.resolve("secrets.enc").resolve("blocker"));
        assertThatThrownBy(() -> s.setApiKey(ProviderId.GOOGLE, "g")).isInstanceOfSatisfying(TrestleException.class,
                e -> {
                    assertThat(e.info().errorCode()).isEqualTo(ErrorCode.FILE_WRITE_FAILED);
                    assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("\"g\"");
                });
        assertThat(s.apiKey(ProviderId.OPENAI)).contains(KEY);
        assertThat(s.apiKey(ProviderId.GOOGLE)).isEmpty();
    }

    @Test
    void to_string_never_shows_keys() {
        AesGcmSecretsFile s = open(dir);
        s.setApiKey(ProviderId.OPENAI, KEY);
        assertThat(s.toString()).doesNotContain(KEY);
    }
}
