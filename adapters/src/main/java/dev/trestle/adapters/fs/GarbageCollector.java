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
     * GC of {@code storage.md} §10: objects named by no manifest chunk, by {@code files.json} or by the Draft are
     * deleted, and so are chunks no manifest names. An unreadable manifest or chunk cancels the sweep. Returns what
     * was deleted (zero when cancelled).
     * <p>
     * Reference counts per chunk and per object are kept in memory ({@link ObjectRefs}, read once with the metadata
     * and updated on create and prune), so a GC lists the checkpoints folder but reads only manifests it does not
     * know yet (written by an older engine run, or unreadable so far); it never reads every manifest.
     */
    StoreStats collectGarbage(WorkbenchDir d) {
        ObjectRefs known = index.refs(d);
        ChunkStore chunks = ctx.chunks(d);
        Set<String> marked = new HashSet<>();
        Set<String> publishedChunks = new HashSet<>();
        ObjectRefs.Live live;
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
                ObjectNode n = Codec.read(p, ManifestCodec.ROOT_SCHEMA, Phase.WORKBENCH).orElse(null);
                if (n == null) {
                    continue;
                }
                ManifestCodec.Manifest m = ManifestCodec.manifest(n);
                known.add(id, ObjectRefs.shas(m.chunks() != null ? m.chunks() : chunks.split(m.inline())));
                onDisk.add(id);
            }
            known.retainOnly(onDisk);
            known.complete(true);
            live = known.live();
            StoreContext.Published published = ctx.published(d, Phase.WORKBENCH);
            for (FileEntry e : published.files()) {
                marked.add(e.sha256());
            }
            published.chunks().forEach(c -> publishedChunks.add(c.sha256()));
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
            // chunks first: a crash between the two leaves unreferenced objects, never a chunk naming a lost object
            for (String sha : chunks.listOnDisk()) {
                if (!live.chunk().test(sha) && !publishedChunks.contains(sha)) {
                    chunks.delete(sha);
                }
            }
            StoreStats deleted = ctx.store(d).collect(sha -> live.object().test(sha) || marked.contains(sha));
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

    /**
     * After a {@code files.json} write: deletes the chunks the previous {@code files.json} named and the new one does
     * not ({@code replaced}, {@link StoreContext.Written}) when no checkpoint manifest names them either, so chunk
     * garbage never outlives the write that made it. From the reference counts in memory: no listing of
     * {@code meta/chunks/} or {@code checkpoints/}, no manifest read, O(replaced). Nothing is deleted while a manifest
     * on disk may be missing from the counts ({@link ObjectRefs#complete()} false: one was unreadable, the folder could
     * not be listed, a failed create may have left one); the full GC ({@link #collectGarbage}) reads those, and it
     * also deletes the chunks a crash left unnamed (written, then the root that would have named them was not, or
     * replaced, then not deleted). Never throws: a chunk left behind is the full GC's.
     */
    void collectReplaced(WorkbenchDir d, List<String> replaced) {
        if (replaced.isEmpty()) {
            return;
        }
        try {
            ObjectRefs known = index.refs(d);
            if (!known.complete()) {
                return;
            }
            ObjectRefs.Live live = known.live();
            ChunkStore chunks = ctx.chunks(d);
            for (String sha : replaced) {
                if (!live.chunk().test(sha)) {
                    chunks.delete(sha);
                }
            }
        } catch (IOException | RuntimeException e) {
            ctx.log.warn("gc_cancelled", Map.of("workbench_id", d.id(), "exception", e.getClass().getSimpleName()));
        }
    }
}
