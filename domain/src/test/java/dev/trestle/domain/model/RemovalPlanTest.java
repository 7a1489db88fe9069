package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemovalPlanTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    private static final List<FileEntry> MANIFEST = List.of(
            FileEntry.of("notes.txt", 3, "a".repeat(64), T, T), FileEntry.of("Data.csv", 4, "b".repeat(64), T, T));

    @Test
    void a_name_in_another_case_targets_the_manifest_entry_by_its_exact_path() {
        RemovalPlan plan = RemovalPlan.of(MANIFEST, List.of("NOTES.TXT", "data.CSV"));

        assertThat(plan.removesAny()).isTrue();
        assertThat(plan.targetPaths()).containsExactly("notes.txt", "Data.csv");
    }

    @Test
    void invalid_duplicate_and_unknown_names_are_decided_without_io_in_request_order() {
        RemovalPlan plan = RemovalPlan.of(MANIFEST, List.of("../x", "notes.txt", "Notes.txt", "zzz.txt"));

        assertThat(plan.targetPaths()).containsExactly("notes.txt");
        List<RemoveResult> results = plan.results(List.of(
                new RemoveResult("notes.txt", RemoveResult.Status.REMOVED, null)));
        assertThat(results).containsExactly(
                new RemoveResult("../x", RemoveResult.Status.FAILED, "invalid_path"),
                new RemoveResult("notes.txt", RemoveResult.Status.REMOVED, null),
                new RemoveResult("Notes.txt", RemoveResult.Status.SKIPPED, "duplicate_request"),
                new RemoveResult("zzz.txt", RemoveResult.Status.SKIPPED, "not_found"));
    }

    @Test
    void nothing_in_the_manifest_means_no_safety_checkpoint_is_due() {
        RemovalPlan plan = RemovalPlan.of(MANIFEST, List.of("zzz.txt", ""));

        assertThat(plan.removesAny()).isFalse();
        assertThatThrownBy(() -> plan.results(List.of(new RemoveResult("x", RemoveResult.Status.REMOVED, null))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_decomposed_spelling_of_a_name_targets_its_composed_entry() {
        List<FileEntry> manifest = List.of(FileEntry.of("caf\u00e9.txt", 3, "c".repeat(64), T, T));
        RemovalPlan plan = RemovalPlan.of(manifest, List.of("cafe\u0301.txt"));

        assertThat(plan.removesAny()).isTrue();
        assertThat(plan.targetPaths()).containsExactly("caf\u00e9.txt");
    }
}
