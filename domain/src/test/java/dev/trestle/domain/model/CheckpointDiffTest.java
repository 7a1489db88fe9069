package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CheckpointDiffTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private static FileEntry f(String path, long size, String hashSeed) {
        return FileEntry.of(path, size, hashSeed.repeat(64).substring(0, 64), T0, T0);
    }

    @Test
    void added_removed_changed_and_unchanged_in_name_order() {
        List<FileEntry> from = List.of(f("a.txt", 1, "a"), f("b.txt", 2, "b"), f("c.txt", 3, "c"));
        List<FileEntry> to = List.of(f("b.txt", 5, "e"), f("c.txt", 3, "c"), f("d.txt", 4, "d"));

        CheckpointDiff d = CheckpointDiff.between(from, to);

        assertThat(d.added()).containsExactly(new CheckpointDiff.Entry("d.txt", 4, "d".repeat(64)));
        assertThat(d.removed()).containsExactly(new CheckpointDiff.Entry("a.txt", 1, "a".repeat(64)));
        assertThat(d.changed()).containsExactly(
                new CheckpointDiff.Change("b.txt", 2, "b".repeat(64), 5, "e".repeat(64)));
        assertThat(d.unchanged()).isEqualTo(1);
        assertThat(d.isEmpty()).isFalse();
    }

    @Test
    void the_same_manifest_on_both_sides_is_empty() {
        List<FileEntry> files = List.of(f("a.txt", 1, "a"), f("b.txt", 2, "b"));
        CheckpointDiff d = CheckpointDiff.between(files, files);
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.unchanged()).isEqualTo(2);
    }

    @Test
    void a_rename_in_case_only_is_one_removal_and_one_addition() {
        CheckpointDiff d = CheckpointDiff.between(List.of(f("notes.txt", 1, "a")), List.of(f("NOTES.txt", 1, "a")));
        assertThat(d.removed()).extracting(CheckpointDiff.Entry::path).containsExactly("notes.txt");
        assertThat(d.added()).extracting(CheckpointDiff.Entry::path).containsExactly("NOTES.txt");
        assertThat(d.changed()).isEmpty();
    }

    @Test
    void unsorted_manifests_give_the_same_answer_as_sorted_ones() {
        List<FileEntry> from = new ArrayList<>();
        List<FileEntry> to = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String name = String.format("f%04d.txt", i);
            if (i % 7 != 0) {
                from.add(f(name, i, Integer.toHexString(i % 16)));
            }
            if (i % 11 != 0) {
                to.add(f(name, i, Integer.toHexString((i % 13 == 0 ? i + 1 : i) % 16)));
            }
        }
        CheckpointDiff sorted = CheckpointDiff.between(from, to);
        Collections.shuffle(from, new Random(1));
        Collections.shuffle(to, new Random(2));
        CheckpointDiff shuffled = CheckpointDiff.between(from, to);
        assertThat(shuffled).isEqualTo(sorted);
        int removedOnly = 0;
        for (int i = 0; i < 500; i++) {
            if (i % 7 != 0 && i % 11 == 0) {
                removedOnly++;
            }
        }
        assertThat(sorted.removed()).hasSize(removedOnly);
        assertThat(sorted.added().size() + sorted.changed().size() + sorted.unchanged())
                .isEqualTo(to.size());
    }
}
