package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private static CheckpointMetadata cp(String id, long secondsAfterT0, CheckpointReason reason) {
        return new CheckpointMetadata(id, T0.plusSeconds(secondsAfterT0), reason, "", 0, 0, true);
    }

    /** 205 auto, 55 manual, 3 publish, 2 pre_restore, interleaved in time, shuffled. */
    private static List<CheckpointMetadata> ac58() {
        List<CheckpointMetadata> all = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 205; i++) {
            all.add(cp(String.format("auto-%03d", i), t++, CheckpointReason.AUTO));
            if (i < 55) {
                all.add(cp(String.format("manual-%03d", i), t++, CheckpointReason.MANUAL));
            }
            if (i < 3) {
                all.add(cp("publish-" + i, t++, CheckpointReason.PUBLISH));
            }
            if (i < 2) {
                all.add(cp("pre_restore-" + i, t++, CheckpointReason.PRE_RESTORE));
            }
        }
        Collections.shuffle(all, new Random(42));
        return all;
    }

    @Test
    void ac5_8_deletes_exactly_the_five_oldest_auto_and_five_oldest_manual() {
        List<String> deleted = RetentionPolicy.select(ac58(), Set.of());
        assertThat(deleted).containsExactlyInAnyOrder("auto-000", "auto-001", "auto-002", "auto-003", "auto-004",
                "manual-000", "manual-001", "manual-002", "manual-003", "manual-004");
    }

    @Test
    void publish_and_pre_restore_are_kept_forever() {
        List<CheckpointMetadata> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(cp("p" + i, i, CheckpointReason.PUBLISH));
            many.add(cp("r" + i, i, CheckpointReason.PRE_RESTORE));
        }
        assertThat(RetentionPolicy.select(many, Set.of())).isEmpty();
    }

    @Test
    void ids_to_keep_are_never_deleted() {
        List<String> deleted = RetentionPolicy.select(ac58(), Set.of("auto-000", "manual-003"));
        assertThat(deleted).doesNotContain("auto-000", "manual-003").hasSize(8);
    }

    @Test
    void at_the_limit_nothing_is_deleted() {
        List<CheckpointMetadata> list = new ArrayList<>();
        for (int i = 0; i < RetentionPolicy.KEEP_AUTO; i++) {
            list.add(cp("a" + i, i, CheckpointReason.AUTO));
        }
        for (int i = 0; i < RetentionPolicy.KEEP_MANUAL; i++) {
            list.add(cp("m" + i, i, CheckpointReason.MANUAL));
        }
        assertThat(RetentionPolicy.select(list, Set.of())).isEmpty();
    }

    @Test
    void equal_times_break_ties_by_id_so_the_smallest_id_goes() {
        List<CheckpointMetadata> list = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            list.add(cp(String.format("01J%023d", i), 0, CheckpointReason.AUTO));
        }
        Collections.reverse(list);
        assertThat(RetentionPolicy.select(list, Set.of())).containsExactly(String.format("01J%023d", 0));
    }

    @Test
    void unknown_reasons_read_as_auto() {
        assertThat(CheckpointReason.fromWire("nightly")).isEqualTo(CheckpointReason.AUTO);
        assertThat(CheckpointReason.fromWire(null)).isEqualTo(CheckpointReason.AUTO);
        assertThat(CheckpointReason.fromWire("pre_restore")).isEqualTo(CheckpointReason.PRE_RESTORE);
        assertThat(CheckpointReason.PRE_RESTORE.wire()).isEqualTo("pre_restore");
    }

    @Test
    void the_input_list_is_not_modified() {
        List<CheckpointMetadata> input = ac58();
        List<CheckpointMetadata> copy = List.copyOf(input);
        RetentionPolicy.select(input, Set.of());
        assertThat(input).containsExactlyElementsOf(copy);
    }

    @Test
    void pinned_checkpoints_are_never_pruned_and_do_not_count_against_the_limit() {
        List<CheckpointMetadata> all = new ArrayList<>();
        for (int i = 0; i < 52; i++) {
            CheckpointMetadata c = cp(String.format("manual-%03d", i), i, CheckpointReason.MANUAL);
            all.add(i < 3 ? c.withPinned(true) : c);
        }
        // 49 unpinned manual checkpoints fit in the 50 kept; the three oldest are pinned
        assertThat(RetentionPolicy.select(all, Set.of())).isEmpty();
        all.add(cp("manual-100", 100, CheckpointReason.MANUAL));
        all.add(cp("manual-101", 101, CheckpointReason.MANUAL));
        assertThat(RetentionPolicy.select(all, Set.of())).containsExactly("manual-003");
    }

    @Test
    void the_budget_prunes_the_oldest_unpinned_but_never_the_newest_nor_a_kept_one() {
        List<CheckpointMetadata> all = List.of(cp("publish-0", 0, CheckpointReason.PUBLISH).withPinned(true),
                cp("pre-1", 1, CheckpointReason.PRE_RESTORE), cp("auto-2", 2, CheckpointReason.AUTO),
                cp("manual-3", 3, CheckpointReason.MANUAL));
        assertThat(RetentionPolicy.nextOverBudget(all, Set.of())).isEqualTo("pre-1");
        assertThat(RetentionPolicy.nextOverBudget(all, Set.of("pre-1"))).isEqualTo("auto-2");
        assertThat(RetentionPolicy.nextOverBudget(all, Set.of("pre-1", "auto-2"))).isNull();
        assertThat(RetentionPolicy.nextOverBudget(List.of(cp("only", 0, CheckpointReason.AUTO)), Set.of())).isNull();
    }
}
