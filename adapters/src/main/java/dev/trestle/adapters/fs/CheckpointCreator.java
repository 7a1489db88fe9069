package dev.trestle.adapters.fs;

import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.RetentionPolicy;
import dev.trestle.domain.model.StoreStats;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.Ulid;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checkpoint creation and retention ({@code storage.md} §6, §10). */
final class CheckpointCreator {
    private final StoreContext ctx;
    private final CheckpointIndex index;
    private final GarbageCollector gc;

    CheckpointCreator(StoreContext ctx, CheckpointIndex index, GarbageCollector gc) {
        this.ctx = ctx;
        this.index = index;
        this.gc = gc;
    }

    CheckpointMetadata create(WorkbenchDir d, CheckpointReason reason, String description) {
        String workbenchId = d.id();
        StoreContext.Published published;
        try {
            published = ctx.published(d, Phase.WORKBENCH);
        } catch (TrestleException e) {
            throw new TrestleException(ErrorInfo.of(ErrorCode.CHECKPOINT_CREATE_FAILED, Phase.WORKBENCH)
                    .withDetail("files.json unreadable"), e);
        }
        List<ManifestCodec.ChunkRef> chunks = published.chunks();
        Map<String, CheckpointMetadata> known = index.loaded(d);
        String id = ctx.ids.newUlid();
        Instant now = ctx.clock.now();
        String desc = description == null ? "" : description;
        boolean restorable;
        List<String> createdChunks = List.of();
        try {
            if (!Ulid.isValid(id)) {
                throw new IOException("generated id is not a ULID");
            }
            // storage.md §6: every files.json entry's object exists by construction (ingest precedes the entry),
            // so no per-entry check here; a store deleted by hand is repaired by reconciliation
            restorable = true;
            // the manifest names the chunks files.json is made of: already on disk (written with files.json), so
            // a checkpoint costs its small root, whatever the number of files (a version-2 files.json is cut and
            // written here once)
            createdChunks = ctx.chunks(d).persist(chunks);
            Path snapshot = d.snapshot(id);
            Files.createDirectories(snapshot);
            Path conversationCopy = null;
            if (FsUtil.exists(d.conversation())) {
                conversationCopy = snapshot.resolve(WorkbenchDir.CONVERSATION);
                FsUtil.copyPlain(d.conversation(), conversationCopy, false);
            }
            linkOrCopy(d.workbenchJson(), snapshot.resolve(WorkbenchDir.WORKBENCH_JSON));
            if (FsUtil.exists(d.workshopState())) {
                linkOrCopy(d.workshopState(), snapshot.resolve(WorkbenchDir.WORKSHOP_STATE));
            }
            // no fsync of the snapshot folder (storage.md §6 needs the manifest durable at the commit point, no
            // more): the conversation copy is forced with its data; the snapshot's folder entries were made before
            // the manifest's, and the manifest's fsync plus the checkpoints/ folder fsync commit the metadata
            // journal up to that point on journaling filesystems (ext4, xfs, APFS, NTFS)
            // the conversation copy and the manifest's temp are forced together (two syncs overlapping instead of
            // one after the other); only then is the manifest renamed into place and its folder fsynced (the commit)
            Path tmp = AtomicFiles.tempSibling(d.manifest(id));
            try {
                Files.write(tmp, ManifestCodec.checkpoint(id, now, reason, desc, chunks),
                        java.nio.file.StandardOpenOption.CREATE_NEW);
                Path[] forced = conversationCopy == null ? new Path[] {tmp} : new Path[] {tmp, conversationCopy};
                IOException[] errors = new IOException[forced.length];
                FsUtil.parallelFor(forced.length, forced.length, i -> {
                    try {
                        FsUtil.force(forced[i]);
                    } catch (IOException e) {
                        errors[i] = e;
                    }
                });
                for (IOException e : errors) {
                    if (e != null) {
                        throw e;
                    }
                }
                AtomicFiles.move(tmp, d.manifest(id));
            } catch (IOException | RuntimeException e) {
                FsUtil.deleteTreeQuietly(tmp);
                throw e;
            }
            AtomicFiles.fsyncDirectory(d.checkpoints());
        } catch (IOException | RuntimeException e) {
            ctx.chunks(d).discard(createdChunks);
            FsUtil.deleteTreeQuietly(d.checkpointDir(id));
            try {
                FsUtil.deleteIfExists(d.manifest(id));
            } catch (IOException ignored) {
                // nothing was committed, but a manifest the counts do not know may be left: until a full GC reads
                // the folder, no replaced chunk is deleted on the strength of the counts alone
                index.refs(d).complete(false);
            }
            ErrorInfo info = ErrorInfo.of(ErrorCode.CHECKPOINT_CREATE_FAILED, Phase.WORKBENCH)
                    .withDetail(FsErrors.isDiskFull(e) ? "no space left" : "checkpoint write failed");
            ctx.log.warn("checkpoint_create_failed", Map.of("workbench_id", workbenchId,
                    "exception", e.getClass().getSimpleName()));
            throw new TrestleException(info, e);
        }
        ManifestCodec.Stats stats = ManifestCodec.Stats.of(chunks);
        CheckpointMetadata meta = new CheckpointMetadata(id, now, reason, desc, stats.files(), stats.totalBytes(),
                restorable);
        known.put(id, meta);
        index.refs(d).add(id, ObjectRefs.shas(chunks));
        runRetention(d, id);
        return meta;
    }

    private void linkOrCopy(Path source, Path target) throws IOException {
        try {
            ctx.ops.createLink(target, source);
        } catch (UnsupportedOperationException | FileSystemException e) {
            FsUtil.deleteIfExists(target);
            FsUtil.copyForced(source, target);
        }
    }

    /**
     * Deletes one unpinned checkpoint that no publish or restore marker names (the size budget), then collects
     * garbage; returns the store's size after. Unknown, pinned or marked checkpoints are left alone.
     */
    StoreStats prune(WorkbenchDir d, String checkpointId) {
        Map<String, CheckpointMetadata> known = index.loaded(d);
        CheckpointMetadata m = Ulid.isValid(checkpointId) ? known.get(checkpointId) : null;
        if (m != null && !m.pinned() && !gc.markerIds(d).contains(checkpointId)) {
            try {
                FsUtil.deleteIfExists(d.manifest(checkpointId));
                known.remove(checkpointId);
                index.refs(d).remove(checkpointId);
                FsUtil.deleteTree(d.checkpointDir(checkpointId));
                ctx.event(d, "checkpoint_pruned", null, Map.of("checkpoint_id", checkpointId,
                        "reason", m.reason().wire(), "by", "store_budget"));
            } catch (IOException | RuntimeException e) {
                ctx.log.warn("checkpoint_prune_failed", Map.of("workbench_id", d.id(), "checkpoint_id", checkpointId,
                        "exception", e.getClass().getSimpleName()));
            }
            gc.collectGarbage(d);
        }
        try {
            return ctx.store(d).stats();
        } catch (IOException e) {
            throw FsErrors.read(Phase.WORKBENCH, "content store unreadable", e);
        }
    }

    /**
     * Startup recovery ({@code storage.md} §9): the retention pass a create runs after its commit (a crash between the
     * two leaves one checkpoint too many until the next create), then GC.
     */
    void retainAndCollect(WorkbenchDir d) {
        if (runRetention(d, null) == 0) {
            gc.collectGarbage(d);
        }
    }

    /** Prunes what {@link RetentionPolicy} selects (never {@code newId} or a marker's checkpoint); GCs if it did. */
    private int runRetention(WorkbenchDir d, String newId) {
        Map<String, CheckpointMetadata> known = index.loaded(d);
        Set<String> keep = gc.markerIds(d);
        if (newId != null) {
            keep.add(newId);
        }
        List<String> prune = RetentionPolicy.select(new ArrayList<>(known.values()), keep);
        int pruned = 0;
        for (String id : prune) {
            CheckpointMetadata m = known.get(id);
            try {
                FsUtil.deleteIfExists(d.manifest(id));
                known.remove(id);
                index.refs(d).remove(id);
                pruned++;
                FsUtil.deleteTree(d.checkpointDir(id));
                ctx.event(d, "checkpoint_pruned", null, Map.of("checkpoint_id", id,
                        "reason", m == null ? "auto" : m.reason().wire()));
            } catch (IOException | RuntimeException e) {
                ctx.log.warn("checkpoint_prune_failed", Map.of("workbench_id", d.id(), "checkpoint_id", id,
                        "exception", e.getClass().getSimpleName()));
            }
        }
        if (pruned > 0) {
            gc.collectGarbage(d);
        }
        return pruned;
    }
}
