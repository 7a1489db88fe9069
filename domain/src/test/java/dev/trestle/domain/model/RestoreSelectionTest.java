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
}
