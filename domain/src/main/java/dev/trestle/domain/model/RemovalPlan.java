package dev.trestle.domain.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of {@code WorkbenchFilesRemove} ({@code rpc.md}), decided before any I/O: each requested name must be a
 * valid flat name ({@code failed/invalid_path}), is matched against the manifest without regard to case (so
 * {@code NOTES.TXT} names {@code notes.txt}), a second request for the same file is {@code skipped/duplicate_request},
 * and a name the manifest lacks is {@code skipped/not_found}. What is left are the manifest entries to unlink, by their
 * exact manifest path; the results come back in request order via {@link #results}.
 */
public final class RemovalPlan {
    private final RemoveResult[] decided;
    private final List<FileEntry> targets;
    private final int[] targetSlots;

    private RemovalPlan(RemoveResult[] decided, List<FileEntry> targets, int[] targetSlots) {
        this.decided = decided;
        this.targets = List.copyOf(targets);
        this.targetSlots = targetSlots;
    }

    public static RemovalPlan of(List<FileEntry> manifest, List<String> requested) {
        Map<String, FileEntry> byFolded = new HashMap<>(manifest.size() * 2);
        manifest.forEach(e -> byFolded.put(FlatName.foldCase(e.path()), e));
        RemoveResult[] decided = new RemoveResult[requested.size()];
        List<FileEntry> targets = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String name = requested.get(i);
            if (name == null || !FlatName.isValid(name)) {
                decided[i] = new RemoveResult(name, RemoveResult.Status.FAILED, "invalid_path");
                continue;
            }
            String folded = FlatName.foldCase(name);
            if (!seen.add(folded)) {
                decided[i] = new RemoveResult(name, RemoveResult.Status.SKIPPED, "duplicate_request");
                continue;
            }
            FileEntry entry = byFolded.get(folded);
            if (entry == null) {
                decided[i] = new RemoveResult(name, RemoveResult.Status.SKIPPED, "not_found");
                continue;
            }
            targets.add(entry);
            slots.add(i);
        }
        return new RemovalPlan(decided, targets, slots.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The manifest entries to unlink, in request order. */
    public List<FileEntry> targets() {
        return targets;
    }

    /** The manifest paths of {@link #targets()}. */
    public List<String> targetPaths() {
        return targets.stream().map(FileEntry::path).toList();
    }

    /** Whether anything in the manifest is named, so the "before removing files" checkpoint is due. */
    public boolean removesAny() {
        return !targets.isEmpty();
    }

    /** All results in request order: the decided ones, and {@code outcomes} (one per target, in order) for the rest. */
    public List<RemoveResult> results(List<RemoveResult> outcomes) {
        if (outcomes.size() != targets.size()) {
            throw new IllegalArgumentException("one outcome per target expected");
        }
        RemoveResult[] out = decided.clone();
        for (int k = 0; k < targetSlots.length; k++) {
            out[targetSlots[k]] = outcomes.get(k);
        }
        return List.of(out);
    }
}
