package dev.trestle.domain.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Checkpoint retention of {@code algorithms.md} §7, plus pinning and the optional store size budget
 * ({@code docs/decisions}): a pinned checkpoint is never pruned and does not count against the per-reason limits.
 */
public final class RetentionPolicy {
    public static final int KEEP_AUTO = 200;
    public static final int KEEP_MANUAL = 50;

    private static final Comparator<CheckpointMetadata> NEWEST_FIRST = Comparator
            .comparing(CheckpointMetadata::createdAt).thenComparing(CheckpointMetadata::checkpointId).reversed();

    private RetentionPolicy() {
    }

    /**
     * Ids to delete; never a {@code publish}/{@code pre_restore} checkpoint, a pinned one, nor one of {@code keepIds}.
     */
    public static List<String> select(List<CheckpointMetadata> checkpoints, Set<String> keepIds) {
        List<CheckpointMetadata> auto = new ArrayList<>();
        List<CheckpointMetadata> manual = new ArrayList<>();
        for (CheckpointMetadata c : checkpoints) {
            if (c.pinned()) {
                continue;
            }
            if (c.reason() == CheckpointReason.AUTO) {
                auto.add(c);
            } else if (c.reason() == CheckpointReason.MANUAL) {
                manual.add(c);
            }
        }
        List<String> delete = new ArrayList<>();
        overflow(auto, KEEP_AUTO, keepIds, delete);
        overflow(manual, KEEP_MANUAL, keepIds, delete);
        return delete;
    }

    private static void overflow(List<CheckpointMetadata> list, int keep, Set<String> keepIds, List<String> out) {
        list.sort(NEWEST_FIRST);
        for (int i = keep; i < list.size(); i++) {
            String id = list.get(i).checkpointId();
            if (!keepIds.contains(id)) {
                out.add(id);
            }
        }
    }

    /**
     * The next checkpoint to prune while a Workbench's store is over its size budget: the oldest one that is not
     * pinned, not the newest checkpoint and not one of {@code keepIds}, whatever its reason. {@code null} when none is
     * left (the budget is then exceeded rather than losing those).
     */
    public static String nextOverBudget(List<CheckpointMetadata> checkpoints, Set<String> keepIds) {
        if (checkpoints.isEmpty()) {
            return null;
        }
        List<CheckpointMetadata> all = new ArrayList<>(checkpoints);
        all.sort(NEWEST_FIRST);
        for (int i = all.size() - 1; i >= 1; i--) {
            CheckpointMetadata c = all.get(i);
            if (!c.pinned() && !keepIds.contains(c.checkpointId())) {
                return c.checkpointId();
            }
        }
        return null;
    }
}
