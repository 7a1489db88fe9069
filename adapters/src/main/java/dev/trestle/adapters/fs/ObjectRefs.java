package dev.trestle.adapters.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the checkpoint manifests of one Workbench name ({@code storage.md} §10), as reference counts kept in memory so
 * GC never re-reads every manifest: per checkpoint the chunks its manifest lists; per chunk the number of manifests
 * naming it; per object the number of live chunks naming it. Built on the first GC, then updated per create and prune
 * in O(chunks that gain their first or lose their last reference).
 */
final class ObjectRefs {
    private final ChunkStore chunks;
    private final Map<String, String[]> byCheckpoint = new HashMap<>();
    /** Added since the counts were last brought up to date (applied at the next GC). */
    private final Map<String, String[]> pending = new LinkedHashMap<>();
    /** Chunk name → number of manifests naming it (count ≥ 1 only); null until the first GC. */
    private Map<String, int[]> chunkCounts;
    /** Object name → number of live chunks naming it (count ≥ 1 only). */
    private Map<String, int[]> objectCounts;
    /**
     * Whether every checkpoint manifest on disk is in here: set by a listing that read each manifest it found (the
     * index's scan, a full GC), cleared when one could not be read or a failed create may have left its manifest.
     * Manifests are written only by a create, which adds its own, so no listing is needed to keep this true.
     */
    private boolean complete;

    ObjectRefs(ChunkStore chunks) {
        this.chunks = chunks;
    }

    /** The chunk names of a manifest, in order. */
    static String[] shas(List<ManifestCodec.ChunkRef> refs) {
        String[] out = new String[refs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = refs.get(i).sha256();
        }
        return out;
    }

    synchronized boolean complete() {
        return complete;
    }

    synchronized void complete(boolean everyManifestRead) {
        complete = everyManifestRead;
    }

    synchronized boolean has(String checkpointId) {
        return byCheckpoint.containsKey(checkpointId);
    }

    synchronized void add(String checkpointId, String[] chunkShas) {
        remove(checkpointId);
        byCheckpoint.put(checkpointId, chunkShas);
        pending.put(checkpointId, chunkShas);
    }

    synchronized void remove(String checkpointId) {
        String[] gone = byCheckpoint.remove(checkpointId);
        if (gone == null || pending.remove(checkpointId) != null || chunkCounts == null) {
            return;
        }
        for (String sha : gone) {
            int[] c = chunkCounts.get(sha);
            if (c != null && --c[0] <= 0) {
                chunkCounts.remove(sha);
                for (String obj : objectsOf(sha)) {
                    int[] o = objectCounts.get(obj);
                    if (o != null && --o[0] <= 0) {
                        objectCounts.remove(obj);
                    }
                }
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

    /** What the known manifests name; a snapshot valid until the next change. */
    synchronized Live live() throws IOException {
        try {
            if (chunkCounts == null) {
                chunkCounts = new HashMap<>();
                objectCounts = new HashMap<>();
                pending.clear();
                for (String[] c : byCheckpoint.values()) {
                    count(c);
                }
            } else {
                for (String[] c : pending.values()) {
                    count(c);
                }
                pending.clear();
            }
        } catch (UncheckedIOException e) {
            // a chunk could not be read: start over at the next GC rather than keep half-made counts
            chunkCounts = null;
            objectCounts = null;
            pending.putAll(byCheckpoint);
            throw e.getCause();
        }
        Map<String, int[]> c = chunkCounts;
        Map<String, int[]> o = objectCounts;
        return new Live(c::containsKey, o::containsKey);
    }

    private void count(String[] chunkShas) {
        for (String sha : chunkShas) {
            int[] c = chunkCounts.get(sha);
            if (c != null) {
                c[0]++;
                continue;
            }
            String[] objects = objectsOf(sha);
            chunkCounts.put(sha, new int[] {1});
            for (String obj : objects) {
                objectCounts.computeIfAbsent(obj, k -> new int[1])[0]++;
            }
        }
    }

    private String[] objectsOf(String chunkSha) {
        try {
            return chunks.objects(chunkSha);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether some manifest names a chunk, an object. */
    record Live(Predicate<String> chunk, Predicate<String> object) {
    }
}
