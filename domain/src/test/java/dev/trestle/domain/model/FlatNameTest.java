package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlatNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"../outside.txt", "/abs.txt", "a/b.txt", "a\\b.txt", "C:x.txt", "..", ".", "c:\\x.txt",
            "\\server\\share.txt", "./a.txt", "sub/", "C:"})
    void ac7_2_sandbox_escapes(String path) {
        assertThat(FlatName.escapesSandbox(path)).isTrue();
        assertThat(FlatName.isValid(path)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CON.txt", "ab:cd.txt", "x.md.", "aux.md", "x.md ", "nul", "Com1.csv", "LPT9.tar.gz",
            "prn.TXT", "", "bad\u0000.txt", "tab\t.txt", "del\u007f.md", "line\nbreak.txt"})
    void ac7_2_invalid_names_that_are_not_escapes(String name) {
        assertThat(FlatName.escapesSandbox(name)).isFalse();
        assertThat(FlatName.isValid(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"notes.txt", "report.exe", "NOTES.TXT", ".hidden", "COM0.txt", "CONSOLE.md", "lpt10.txt",
            "auxiliary.md", "x.md.bak", "caf\u00e9 \u2603.txt", "a..b.txt", "name with spaces.md"})
    void acceptable_flat_names(String name) {
        assertThat(FlatName.problem(name)).isEmpty();
        assertThat(FlatName.escapesSandbox(name)).isFalse();
    }

    @Test
    void a_valid_exe_name_is_still_not_a_writable_kind() {
        assertThat(FlatName.isValid("report.exe")).isTrue();
        assertThat(FileKind.classify("report.exe")).isEqualTo(FileKind.BINARY);
    }

    @Test
    void names_are_limited_to_255_utf8_bytes() {
        assertThat(FlatName.isValid("a".repeat(251) + ".txt")).isTrue();
        assertThat(FlatName.problem("a".repeat(252) + ".txt")).contains("name longer than 255 bytes");
        assertThat(FlatName.isValid("\u00e9".repeat(126) + ".txt")).isFalse();
        assertThat(FlatName.isValid("\u00e9".repeat(125) + ".txt")).isTrue();
    }

    @Test
    void the_reserved_rule_agrees_with_the_plain_pattern_for_every_stem_length() {
        java.util.regex.Pattern reserved =
                java.util.regex.Pattern.compile("(?i)^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\\..*)?$");
        java.util.List<String> stems = java.util.List.of("con", "CoN", "prn", "aux", "nul", "com1", "COM9", "lpt5",
                "com0", "lpt", "co", "conn", "com10", "x", "auxi", "nu", "");
        // no tail ending in a dot or space: those names fail an earlier rule
        java.util.List<String> tails = java.util.List.of("", ".txt", ".tar.gz", "..md", ". md", " .md", "x.md");
        for (String stem : stems) {
            for (String tail : tails) {
                String name = stem + tail;
                if (name.isEmpty()) {
                    continue;
                }
                boolean patternSays = reserved.matcher(name).matches();
                assertThat(FlatName.problem(name).filter("reserved device name"::equals).isPresent())
                        .as(name).isEqualTo(patternSays);
            }
        }
    }

    @Test
    void the_byte_limit_counts_what_utf8_needs_for_names_near_the_shortcut() {
        // 85 units never exceed 255 bytes; from 86 on the bytes are counted
        assertThat(FlatName.isValid("\u20ac".repeat(85))).isTrue();
        assertThat(FlatName.problem("\u20ac".repeat(86))).contains("name longer than 255 bytes");
        assertThat(FlatName.isValid("\ud83d\ude00".repeat(63) + "abc")).isTrue();
        assertThat(FlatName.problem("\ud83d\ude00".repeat(64))).contains("name longer than 255 bytes");
    }

    @Test
    void problems_name_the_rule() {
        assertThat(FlatName.problem(null)).contains("empty name");
        assertThat(FlatName.problem("..")).contains("dot name");
        assertThat(FlatName.problem("a:b")).contains("separator or colon in name");
        assertThat(FlatName.problem("a\u0001")).contains("control character in name");
        assertThat(FlatName.problem("a ")).contains("trailing dot or space");
        assertThat(FlatName.problem("aux")).contains("reserved device name");
    }

    @Test
    void a_null_path_does_not_escape() {
        assertThat(FlatName.escapesSandbox(null)).isFalse();
    }

    @Test
    void case_folding_maps_an_upper_case_write_onto_the_stored_name() {
        assertThat(FlatName.foldCase("NOTES.TXT")).isEqualTo(FlatName.foldCase("notes.txt"));
    }

    @org.junit.jupiter.api.Test
    void composed_and_decomposed_spellings_fold_to_one_identity() {
        org.assertj.core.api.Assertions.assertThat(FlatName.foldCase("Cafe\u0301.TXT"))
                .isEqualTo(FlatName.foldCase("caf\u00e9.txt")).isEqualTo("caf\u00e9.txt");
    }

    /** The ASCII shortcut (no normalizer) folds exactly as NFC + lower case does. */
    @Test
    void ascii_names_fold_as_the_normalizer_would() {
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = 1 + r.nextInt(20); k > 0; k--) {
                b.append((char) (0x20 + r.nextInt(0x5F)));
            }
            String name = b.toString();
            assertThat(FlatName.foldCase(name)).isEqualTo(java.text.Normalizer.normalize(name,
                    java.text.Normalizer.Form.NFC).toLowerCase(java.util.Locale.ROOT));
        }
    }
}
