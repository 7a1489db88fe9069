package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.Ulid;
import dev.trestle.domain.port.out.CheckpointStorePort;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The checkpoints of each Workbench as loaded once from their manifests: metadata and the objects they name. */
final class CheckpointIndex {
    private final StoreContext ctx;
    /** Per Workbench: checkpoint id → metadata (with {@code restorable} as computed against the index). */
    private final Map<String, Map<String, CheckpointMetadata>> cache = new ConcurrentHashMap<>();
    /** Per Workbench: the objects each checkpoint manifest names, loaded once with the metadata, kept current. */
    private final Map<String, ObjectRefs> refs = new ConcurrentHashMap<>();

    /**
     * The last few checkpoint manifests read for {@link #files} (manifests are immutable; keyed by Workbench and id):
     * a comparison the editor repeats, or one side kept while the other changes, is not parsed again.
     */
    private final Map<String, List<FileEntry>> recentFiles = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<FileEntry>> eldest) {
            return size() > RECENT_MANIFESTS;
        }
    };
    private static final int RECENT_MANIFESTS = 2;
    /** The chunk lists of the last manifests compared (a root of ~160 references for 10 000 entries). */
    private final Map<String, List<ManifestCodec.ChunkRef>> recentRoots = new java.util.LinkedHashMap<>(16, 0.75f,
            true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<ManifestCodec.ChunkRef>> eldest) {
            return size() > 16;
        }
    };

    CheckpointIndex(StoreContext ctx) {
        this.ctx = ctx;
    }

    void forget(String workbenchId) {
        cache.remove(workbenchId);
        refs.remove(workbenchId);
        synchronized (recentFiles) {
            recentFiles.keySet().removeIf(k -> k.startsWith(workbenchId + "/"));
            recentRoots.keySet().removeIf(k -> k.startsWith(workbenchId + "/"));
        }
    }

    void forgetAll() {
        cache.clear();
        refs.clear();
        synchronized (recentFiles) {
            recentFiles.clear();
            recentRoots.clear();
        }
    }

    ObjectRefs refs(WorkbenchDir d) {
        loaded(d);
        return refs.computeIfAbsent(d.id(), k -> new ObjectRefs(ctx.chunks(d)));
    }

    Map<String, CheckpointMetadata> loaded(WorkbenchDir d) {
        return cache.computeIfAbsent(d.id(), k -> scan(d));
    }

    private Map<String, CheckpointMetadata> scan(WorkbenchDir d) {
        Map<String, CheckpointMetadata> out = new ConcurrentHashMap<>();
        List<Path> entries;
        try {
            entries = FsUtil.list(d.checkpoints());
        } catch (IOException e) {
            ctx.log.warn("checkpoints_unlistable", Map.of("workbench_id", d.id()));
            return out;
        }
        ContentStore store = ctx.store(d);
        ChunkStore chunks = ctx.chunks(d);
        ObjectRefs found = new ObjectRefs(chunks);
        Map<String, Boolean> chunkRestorable = new java.util.HashMap<>();
        boolean everyManifestRead = true;
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (!name.endsWith(".json") || !Ulid.isValid(name.substring(0, name.length() - 5))) {
                continue;
            }
            try {
                Optional<ObjectNode> n = Codec.read(p, ManifestCodec.ROOT_SCHEMA, Phase.WORKBENCH);
                if (n.isEmpty()) {
                    continue;
                }
                ManifestCodec.Manifest m = ManifestCodec.manifest(n.get());
                if (!m.id().equals(name.substring(0, name.length() - 5))) {
                    throw new IllegalArgumentException("id mismatch");
                }
                List<ManifestCodec.ChunkRef> cs = m.chunks() != null ? m.chunks() : chunks.split(m.inline());
                boolean restorable = true;
                for (ManifestCodec.ChunkRef c : cs) {
                    Boolean ok = chunkRestorable.get(c.sha256());
                    if (ok == null) {
                        ok = restorable(chunks, store, c);
                        chunkRestorable.put(c.sha256(), ok);
                    }
                    if (!ok) {
                        restorable = false;
                        break;
                    }
                }
                out.put(m.id(), m.metadata(restorable));
                found.add(m.id(), ObjectRefs.shas(cs));
            } catch (IOException | RuntimeException e) {
                everyManifestRead = false;
                ctx.log.warn("checkpoint_unreadable", Map.of("workbench_id", d.id(), "file", name));
            }
        }
        found.complete(everyManifestRead);
        refs.put(d.id(), found);
        try {
            for (String id : CheckpointPins.read(d)) {
                out.computeIfPresent(id, (k, m) -> m.withPinned(true));
            }
        } catch (RuntimeException e) {
            ctx.log.warn("checkpoint_pins_unreadable", Map.of("workbench_id", d.id()));
        }
        return out;
    }

    /**
     * Pins or unpins a listed checkpoint: writes the pin file with every pinned id (atomically), then updates the
     * cached metadata. Empty for an unknown checkpoint.
     */
    synchronized Optional<CheckpointMetadata> setPinned(WorkbenchDir d, String checkpointId, boolean pinned) {
        Map<String, CheckpointMetadata> known = loaded(d);
        CheckpointMetadata m = Ulid.isValid(checkpointId) ? known.get(checkpointId) : null;
        if (m == null) {
            return Optional.empty();
        }
        if (m.pinned() == pinned) {
            return Optional.of(m);
        }
        java.util.Set<String> ids = new java.util.TreeSet<>();
        known.values().forEach(c -> {
            if (c.pinned()) {
                ids.add(c.checkpointId());
            }
        });
        if (pinned) {
            ids.add(checkpointId);
        } else {
            ids.remove(checkpointId);
        }
        try {
            CheckpointPins.write(d, ids);
        } catch (IOException e) {
            throw FsErrors.write(Phase.WORKBENCH, "pin file not written", e);
        }
        CheckpointMetadata updated = m.withPinned(pinned);
        known.put(checkpointId, updated);
        return Optional.of(updated);
    }

    /** The bytes of an object of the Workbench's content store; empty when the store lacks it. */
    Optional<byte[]> readObject(WorkbenchDir d, String sha256) throws IOException {
        ContentStore store = ctx.store(d);
        if (!ContentStore.isObjectName(sha256) || !store.contains(sha256)) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.nio.file.Files.readAllBytes(store.path(sha256)));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The file entries of a checkpoint's manifest; empty when it is not listed (or its manifest is gone). */
    Optional<List<FileEntry>> files(WorkbenchDir d, String checkpointId) {
        if (!Ulid.isValid(checkpointId) || !loaded(d).containsKey(checkpointId)) {
            return Optional.empty();
        }
        String key = d.id() + "/" + checkpointId;
        synchronized (recentFiles) {
            List<FileEntry> known = recentFiles.get(key);
            if (known != null) {
                return Optional.of(known);
            }
        }
        Optional<ObjectNode> n = Codec.read(d.manifest(checkpointId), ManifestCodec.ROOT_SCHEMA, Phase.WORKBENCH);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        List<FileEntry> entries;
        try {
            ManifestCodec.Manifest m = ManifestCodec.manifest(n.get());
            entries = m.chunks() != null ? ctx.chunks(d).expand(m.chunks()) : m.inline();
        } catch (IOException | RuntimeException e) {
            throw FsErrors.error(dev.trestle.domain.model.ErrorCode.FILE_READ_FAILED, Phase.WORKBENCH,
                    "corrupt checkpoint manifest");
        }
        List<FileEntry> files = List.copyOf(entries);
        synchronized (recentFiles) {
            recentFiles.put(key, files);
        }
        return Optional.of(files);
    }

    /**
     * What can differ between two manifests ({@code to} null: {@code files.json}): chunks both name (as many times as
     * both do) hold the same entries on both sides, so they are only counted, never expanded; the entries of the
     * other chunks are returned. Empty when a checkpoint is not listed.
     */
    Optional<CheckpointStorePort.ManifestDelta> compare(WorkbenchDir d, String from, String to) {
        Map<String, CheckpointMetadata> known = loaded(d);
        if (!Ulid.isValid(from) || !known.containsKey(from) || (to != null && (!Ulid.isValid(to)
                || !known.containsKey(to)))) {
            return Optional.empty();
        }
        try {
            List<ManifestCodec.ChunkRef> a = chunkRefs(d, from);
            List<ManifestCodec.ChunkRef> b = to == null ? ctx.published(d, Phase.WORKBENCH).chunks() : chunkRefs(d, to);
            if (a == null || b == null) {
                return Optional.empty();
            }
            Map<String, Integer> counts = new java.util.HashMap<>();
            a.forEach(c -> counts.merge(c.sha256(), 1, Integer::sum));
            List<ManifestCodec.ChunkRef> bOnly = new ArrayList<>();
            int shared = 0;
            for (ManifestCodec.ChunkRef c : b) {
                Integer n = counts.get(c.sha256());
                if (n != null && n > 0) {
                    counts.put(c.sha256(), n - 1);
                    shared += c.files();
                } else {
                    bOnly.add(c);
                }
            }
            List<ManifestCodec.ChunkRef> aOnly = new ArrayList<>();
            for (ManifestCodec.ChunkRef c : a) {
                Integer n = counts.get(c.sha256());
                if (n != null && n > 0) {
                    counts.put(c.sha256(), n - 1);
                    aOnly.add(c);
                }
            }
            ChunkStore chunks = ctx.chunks(d);
            return Optional.of(new CheckpointStorePort.ManifestDelta(chunks.expand(aOnly), chunks.expand(bOnly),
                    shared));
        } catch (IOException | RuntimeException e) {
            if (e instanceof dev.trestle.domain.model.TrestleException te) {
                throw te;
            }
            throw FsErrors.error(dev.trestle.domain.model.ErrorCode.FILE_READ_FAILED, Phase.WORKBENCH,
                    "corrupt checkpoint manifest");
        }
    }

    /** The chunk list of a checkpoint's manifest (a version-2 one cut in memory); null when it is gone. */
    private List<ManifestCodec.ChunkRef> chunkRefs(WorkbenchDir d, String checkpointId) throws IOException {
        String key = d.id() + "/" + checkpointId;
        synchronized (recentFiles) {
            List<ManifestCodec.ChunkRef> known = recentRoots.get(key);
            if (known != null) {
                return known;
            }
        }
        Optional<ObjectNode> n = Codec.read(d.manifest(checkpointId), ManifestCodec.ROOT_SCHEMA, Phase.WORKBENCH);
        if (n.isEmpty()) {
            return null;
        }
        ManifestCodec.Manifest m = ManifestCodec.manifest(n.get());
        List<ManifestCodec.ChunkRef> refs = m.chunks() != null ? m.chunks() : ctx.chunks(d).split(m.inline());
        synchronized (recentFiles) {
            recentRoots.put(key, refs);
        }
        return refs;
    }

    /** Whether the chunk can be read and every object it names is in the store. */
    private static boolean restorable(ChunkStore chunks, ContentStore store, ManifestCodec.ChunkRef c) {
        try {
            for (String obj : chunks.objects(c.sha256())) {
                if (!store.contains(obj)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    CheckpointStorePort.Listing list(WorkbenchDir d) {
        List<CheckpointMetadata> all = new ArrayList<>(loaded(d).values());
        all.sort(Comparator.comparing(CheckpointMetadata::createdAt).thenComparing(CheckpointMetadata::checkpointId)
                .reversed());
        try {
            return new CheckpointStorePort.Listing(all, ctx.store(d).stats());
        } catch (IOException e) {
            throw FsErrors.read(Phase.WORKBENCH, "content store unreadable", e);
        }
    }

    /** Ids of listed checkpoints whose manifest names a missing object. */
    List<String> nonRestorable(WorkbenchDir d) {
        List<String> out = new ArrayList<>();
        loaded(d).values().forEach(m -> {
            if (!m.restorable()) {
                out.add(m.checkpointId());
            }
        });
        out.sort(null);
        return out;
    }

    Optional<CheckpointMetadata> get(WorkbenchDir d, String checkpointId) {
        if (!Ulid.isValid(checkpointId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(loaded(d).get(checkpointId));
    }
}
