package dev.trestle.adapters.fs;

import dev.trestle.domain.model.FileEntry;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The content-store objects each checkpoint manifest of one Workbench names ({@code storage.md} §10), held in memory
 * so GC does not re-read every manifest after every prune. A reference count per object is built on the first GC and
 * then updated per create and prune (O(manifest) each), never rebuilt from all manifests again.
 */
final class ObjectRefs {
    private final Map<String, String[]> byCheckpoint = new HashMap<>();
    /** Added since the counts were last brought up to date (applied at the next GC). */
    private final Map<String, String[]> pending = new LinkedHashMap<>();
    /** Object name → number of manifests naming it (only names with a count ≥ 1); null until the first GC. */
    private Map<String, int[]> counts;

    /** The object names of {@code files}; with {@code interner}, equal names share one string. */
    static String[] names(List<FileEntry> files, Map<String, String> interner) {
        String[] out = new String[files.size()];
        for (int i = 0; i < out.length; i++) {
            String sha = files.get(i).sha256();
            out[i] = interner == null ? sha : interner.computeIfAbsent(sha, k -> k);
        }
        return out;
    }

    synchronized boolean has(String checkpointId) {
        return byCheckpoint.containsKey(checkpointId);
    }

    synchronized void add(String checkpointId, String[] objects) {
        remove(checkpointId);
        byCheckpoint.put(checkpointId, objects);
        pending.put(checkpointId, objects);
    }

    synchronized void remove(String checkpointId) {
        String[] gone = byCheckpoint.remove(checkpointId);
        if (gone == null || pending.remove(checkpointId) != null || counts == null) {
            return;
        }
        for (String sha : gone) {
            int[] c = counts.get(sha);
            if (c != null && --c[0] <= 0) {
                counts.remove(sha);
            }
        }
    }

    /** Forgets every checkpoint not in {@code ids} (its manifest is no longer on disk). */
    synchronized void retainOnly(Set<String> ids) {
        for (String id : List.copyOf(byCheckpoint.keySet())) {
            if (!ids.contains(id)) {
                remove(id);
            }
        }
    }

    /** Whether any known manifest names the object; a snapshot valid until the next change. */
    synchronized Predicate<String> liveSet() {
        if (counts == null) {
            counts = new HashMap<>();
            pending.clear();
            byCheckpoint.values().forEach(this::count);
        } else {
            pending.values().forEach(this::count);
            pending.clear();
        }
        Map<String, int[]> view = counts;
        return view::containsKey;
    }

    private void count(String[] objects) {
        for (String sha : objects) {
            counts.computeIfAbsent(sha, k -> new int[1])[0]++;
        }
    }
}
