package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreSelectionTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private static FileEntry f(String path, String hashSeed) {
        return FileEntry.of(path, 1, hashSeed.repeat(64).substring(0, 64), T0, T0);
    }

    private final List<FileEntry> current = List.of(f("a.txt", "1"), f("b.txt", "2"), f("new.txt", "3"));
    private final List<FileEntry> checkpoint = List.of(f("a.txt", "9"), f("b.txt", "8"), f("gone.txt", "7"));

    @Test
    void only_the_named_file_takes_the_checkpoint_content() {
        RestoreSelection s = RestoreSelection.of(current, checkpoint, List.of("a.txt"));
        assertThat(s.hasUnknown()).isFalse();
        assertThat(s.selected()).isEqualTo(1);
        assertThat(s.result()).containsExactly(f("a.txt", "9"), f("b.txt", "2"), f("new.txt", "3"));
    }

    @Test
    void a_file_the_checkpoint_lacks_is_removed_and_one_it_has_comes_back_in_name_order() {
        RestoreSelection s = RestoreSelection.of(current, checkpoint, List.of("new.txt", "gone.txt"));
        assertThat(s.result()).containsExactly(f("a.txt", "1"), f("b.txt", "2"), f("gone.txt", "7"));
    }

    @Test
    void names_match_without_regard_to_case_and_take_the_checkpoint_spelling() {
        List<FileEntry> cp = List.of(f("Notes.TXT", "5"));
        RestoreSelection s = RestoreSelection.of(List.of(f("notes.txt", "4")), cp, List.of("NOTES.txt", "notes.TXT"));
        assertThat(s.selected()).isEqualTo(1);
        assertThat(s.result()).containsExactly(f("Notes.TXT", "5"));
    }

    @Test
    void unknown_and_invalid_names_are_listed_and_nothing_is_selected() {
        RestoreSelection s = RestoreSelection.of(current, checkpoint, List.of("a.txt", "nope.txt", "../x", "nope.txt"));
        assertThat(s.hasUnknown()).isTrue();
        assertThat(s.unknown()).containsExactly("nope.txt", "../x");
        assertThat(s.result()).isEqualTo(current);
        assertThat(s.selected()).isZero();
    }

    @Test
    void a_few_names_found_by_scanning_match_as_many_names_found_by_an_index() {
        // NFD "é" in the current manifest, NFC in the checkpoint, upper case in the request
        List<FileEntry> cur = new java.util.ArrayList<>(List.of(f("Cafe\u0301.md", "1"), f("notes.txt", "2")));
        List<FileEntry> cp = new java.util.ArrayList<>(List.of(f("caf\u00e9.md", "3"), f("NOTES.TXT", "4")));
        for (int i = 0; i < 20; i++) {
            cur.add(f("x" + i + ".txt", "5"));
            cp.add(f("X" + i + ".txt", "6"));
        }
        List<String> few = List.of("CAF\u00c9.md", "Notes.Txt");
        List<String> many = new java.util.ArrayList<>(few);
        for (int i = 0; i < 10; i++) {
            many.add("zz" + i + ".txt");
        }
        RestoreSelection scanned = RestoreSelection.of(cur, cp, few);
        assertThat(scanned.hasUnknown()).isFalse();
        assertThat(scanned.selected()).isEqualTo(2);
        assertThat(scanned.result()).contains(f("caf\u00e9.md", "3"), f("NOTES.TXT", "4"))
                .doesNotContain(f("Cafe\u0301.md", "1"), f("notes.txt", "2"));
        // the same two names among many (indexed): the same choice, and the extra names are unknown
        RestoreSelection indexed = RestoreSelection.of(cur, cp, many);
        assertThat(indexed.unknown()).hasSize(10);
        List<String> twoOfMany = new java.util.ArrayList<>(few);
        for (int i = 0; i < 10; i++) {
            twoOfMany.add("X" + i + ".TXT");
        }
        RestoreSelection both = RestoreSelection.of(cur, cp, twoOfMany);
        assertThat(both.result()).contains(f("caf\u00e9.md", "3"), f("NOTES.TXT", "4"));
        for (int i = 0; i < 10; i++) {
            assertThat(both.result()).contains(f("X" + i + ".txt", "6")).doesNotContain(f("x" + i + ".txt", "5"));
        }
    }

    @Test
    void in_a_manifest_in_the_order_files_were_added_entries_keep_their_places_and_a_new_one_comes_last() {
        List<FileEntry> cur = List.of(f("z.txt", "1"), f("a.txt", "2"), f("m.txt", "3"), f("b.txt", "4"));
        List<FileEntry> cp = List.of(f("A.TXT", "5"), f("q.txt", "6"), f("z.txt", "7"));
        RestoreSelection s = RestoreSelection.of(cur, cp, List.of("a.txt", "q.txt", "m.txt", "z.txt"));
        assertThat(s.result()).containsExactly(f("z.txt", "7"), f("A.TXT", "5"), f("b.txt", "4"), f("q.txt", "6"));
    }
}
