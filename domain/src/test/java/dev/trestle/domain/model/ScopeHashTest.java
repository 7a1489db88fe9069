package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeHashTest {
    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    private static FileEntry file(String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return FileEntry.of(path, bytes.length, ScopeHash.sha256Hex(bytes), T, T);
    }

    @Test
    void empty_scope_hashes_to_the_sha256_of_nothing() {
        assertThat(ScopeHash.of(List.of()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void single_file_vector() {
        assertThat(ScopeHash.of(List.of(file("a.txt", "hello\n"))))
                .isEqualTo("295e0dec3c6274295bdb6fba3d95ce338e69bc59f02bbbfe6cc88ddba56c8832");
    }

    @Test
    void two_file_vector_sorts_upper_case_first_whatever_the_input_order() {
        String expected = "477b6affff22d9e83aae5ddba5639ce6e805ef844f69feec8067a08dc173f6c4";
        assertThat(ScopeHash.of(List.of(file("a.txt", "hello\n"), file("B.csv", "abc")))).isEqualTo(expected);
        assertThat(ScopeHash.of(List.of(file("B.csv", "abc"), file("a.txt", "hello\n")))).isEqualTo(expected);
    }

    @Test
    void timestamps_do_not_change_the_hash_but_content_does() {
        FileEntry a = file("a.txt", "hello\n");
        FileEntry touched = new FileEntry(a.path(), a.size(), a.sha256(), T.plusSeconds(99), T.plusSeconds(5),
                a.fileKind(), a.mimeType());
        assertThat(ScopeHash.of(List.of(touched))).isEqualTo(ScopeHash.of(List.of(a)));
        assertThat(ScopeHash.of(List.of(file("a.txt", "hellO\n")))).isNotEqualTo(ScopeHash.of(List.of(a)));
    }

    @Test
    void sha256_hex_is_lowercase() {
        assertThat(ScopeHash.sha256Hex("abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
