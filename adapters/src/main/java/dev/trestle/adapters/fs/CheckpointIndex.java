package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.domain.model.CheckpointMetadata;
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

    CheckpointIndex(StoreContext ctx) {
        this.ctx = ctx;
    }

    void forget(String workbenchId) {
        cache.remove(workbenchId);
        refs.remove(workbenchId);
    }

    void forgetAll() {
        cache.clear();
        refs.clear();
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
                ctx.log.warn("checkpoint_unreadable", Map.of("workbench_id", d.id(), "file", name));
            }
        }
        refs.put(d.id(), found);
        return out;
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
