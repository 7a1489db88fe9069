package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.StoreStats;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.Ulid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Garbage collection of the content store ({@code storage.md} §10). */
final class GarbageCollector {
    private final StoreContext ctx;
    private final CheckpointIndex index;

    GarbageCollector(StoreContext ctx, CheckpointIndex index) {
        this.ctx = ctx;
        this.index = index;
    }

    /** Checkpoint ids named by a {@code publish.json} or {@code restore.json} marker. */
    Set<String> markerIds(WorkbenchDir d) {
        Set<String> ids = new HashSet<>();
        for (Path marker : List.of(d.publishMarker(), d.restoreMarker())) {
            try {
                Codec.read(marker, Integer.MAX_VALUE, Phase.WORKBENCH).ifPresent(n -> {
                    Optional.ofNullable(Json.text(n, "checkpoint_id")).ifPresent(ids::add);
                    Optional.ofNullable(Json.text(n, "pre_restore_checkpoint_id")).ifPresent(ids::add);
                });
            } catch (TrestleException e) {
                ctx.log.warn("marker_unreadable", Map.of("workbench_id", d.id(), "marker",
                        marker.getFileName().toString()));
            }
        }
        return ids;
    }

    /**
     * GC of {@code storage.md} §10: marks objects named by any manifest, {@code files.json} or the Draft, deletes the
     * rest. An unreadable manifest cancels the sweep. Returns what was deleted (zero when cancelled).
     * <p>
     * The manifests' references are kept in memory ({@link ObjectRefs}, read once with the metadata and updated on
     * create and prune), so a GC after each prune at the retention limit lists the checkpoints folder but re-reads only
     * manifests it does not know yet (written by an older engine run, or unreadable so far).
     */
    StoreStats collectGarbage(WorkbenchDir d) {
        ObjectRefs known = index.refs(d);
        Set<String> marked = new HashSet<>();
        java.util.function.Predicate<String> referenced;
        try {
            Set<String> onDisk = new HashSet<>();
            for (Path p : FsUtil.list(d.checkpoints())) {
                String name = p.getFileName().toString();
                if (!name.endsWith(".json") || !Ulid.isValid(name.substring(0, name.length() - 5))) {
                    continue;
                }
                String id = name.substring(0, name.length() - 5);
                if (known.has(id)) {
                    onDisk.add(id);
                    continue;
                }
                ObjectNode n = Codec.read(p, Codec.CHECKPOINT_SCHEMA, Phase.WORKBENCH).orElse(null);
                if (n == null) {
                    continue;
                }
                known.add(id, ObjectRefs.names(Codec.strictEntries(n), null));
                onDisk.add(id);
            }
            known.retainOnly(onDisk);
            referenced = known.liveSet();
            for (FileEntry e : ctx.manifest(d, Phase.WORKBENCH)) {
                marked.add(e.sha256());
            }
            Optional<ObjectNode> draftJson = Codec.read(d.draftJson(), Integer.MAX_VALUE, Phase.WORKBENCH);
            if (draftJson.isPresent()) {
                DraftInfo draft = StoredForms.draft(draftJson.get());
                for (String w : draft.written()) {
                    Path f = d.draft().resolve(w);
                    if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        marked.add(FsUtil.hash(f).sha256());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            ctx.log.warn("gc_cancelled", Map.of("workbench_id", d.id(), "exception", e.getClass().getSimpleName()));
            return new StoreStats(0, 0);
        }
        try {
            java.util.function.Predicate<String> live = referenced;
            StoreStats deleted = ctx.store(d).collect(sha -> live.test(sha) || marked.contains(sha));
            if (deleted.objects() > 0) {
                ctx.event(d, "objects_collected", null, Map.of("objects", deleted.objects(),
                        "bytes", deleted.bytes()));
            }
            return deleted;
        } catch (IOException e) {
            ctx.log.warn("gc_failed", Map.of("workbench_id", d.id(), "exception", e.getClass().getSimpleName()));
            return new StoreStats(0, 0);
        }
    }
}
