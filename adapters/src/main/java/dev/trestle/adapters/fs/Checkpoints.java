package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.ErrorAction;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.RetentionPolicy;
import dev.trestle.domain.model.StoreStats;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.Ulid;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.out.CheckpointStorePort;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Checkpoint creation, listing, restore, retention and GC ({@code storage.md} §6, §8, §10). */
final class Checkpoints {
    private static final int PERCENT_THRESHOLD = 100;

    private final StoreContext ctx;
    /** Per Workbench: checkpoint id → metadata (with {@code restorable} as computed against the index). */
    private final Map<String, Map<String, CheckpointMetadata>> cache = new ConcurrentHashMap<>();
    /** Per Workbench: the objects each checkpoint manifest names, loaded once with the metadata, kept current. */
    private final Map<String, ObjectRefs> refs = new ConcurrentHashMap<>();

    Checkpoints(StoreContext ctx) {
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

    private ObjectRefs refs(WorkbenchDir d) {
        loaded(d);
        return refs.computeIfAbsent(d.id(), k -> new ObjectRefs());
    }

    // ------------------------------------------------------------------ create

    CheckpointMetadata create(String workbenchId, CheckpointReason reason, String description) {
        WorkbenchDir d = ctx.existing(workbenchId, Phase.WORKBENCH);
        List<FileEntry> files;
        try {
            files = ctx.manifest(d, Phase.WORKBENCH);
        } catch (TrestleException e) {
            throw new TrestleException(ErrorInfo.of(ErrorCode.CHECKPOINT_CREATE_FAILED, Phase.WORKBENCH)
                    .withDetail("files.json unreadable"), e);
        }
        Map<String, CheckpointMetadata> known = loaded(d);
        String id = ctx.ids.newUlid();
        Instant now = ctx.clock.now();
        String desc = description == null ? "" : description;
        boolean restorable;
        try {
            if (!Ulid.isValid(id)) {
                throw new IOException("generated id is not a ULID");
            }
            // storage.md §6: every files.json entry's object exists by construction (ingest precedes the entry),
            // so no per-entry check here; a store deleted by hand is repaired by reconciliation
            restorable = true;
            Path snapshot = d.snapshot(id);
            Files.createDirectories(snapshot);
            if (FsUtil.exists(d.conversation())) {
                FsUtil.copyPlainForced(d.conversation(), snapshot.resolve(WorkbenchDir.CONVERSATION));
            }
            linkOrCopy(d.workbenchJson(), snapshot.resolve(WorkbenchDir.WORKBENCH_JSON));
            if (FsUtil.exists(d.workshopState())) {
                linkOrCopy(d.workshopState(), snapshot.resolve(WorkbenchDir.WORKSHOP_STATE));
            }
            // no fsync of the snapshot folder (storage.md §6 needs the manifest durable at the commit point, no
            // more): the conversation copy is forced with its data; the snapshot's folder entries were made before
            // the manifest's, and the manifest's fsync plus the checkpoints/ folder fsync commit the metadata
            // journal up to that point on journaling filesystems (ext4, xfs, APFS, NTFS)
            AtomicFiles.write(d.manifest(id), Codec.manifest(id, now, reason, desc, files));
        } catch (IOException | RuntimeException e) {
            FsUtil.deleteTreeQuietly(d.checkpointDir(id));
            try {
                FsUtil.deleteIfExists(d.manifest(id));
            } catch (IOException ignored) {
                // nothing was committed
            }
            ErrorInfo info = ErrorInfo.of(ErrorCode.CHECKPOINT_CREATE_FAILED, Phase.WORKBENCH)
                    .withDetail(FsErrors.isDiskFull(e) ? "no space left" : "checkpoint write failed");
            ctx.log.warn("checkpoint_create_failed", Map.of("workbench_id", workbenchId,
                    "exception", e.getClass().getSimpleName()));
            throw new TrestleException(info, e);
        }
        CheckpointMetadata meta = new CheckpointMetadata(id, now, reason, desc, files.size(),
                files.stream().mapToLong(FileEntry::size).sum(), restorable);
        known.put(id, meta);
        refs(d).add(id, ObjectRefs.names(files, null));
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

    // ------------------------------------------------------------------ retention and GC

    /**
     * Startup recovery ({@code storage.md} §9): the retention pass a create runs after its commit (a crash between the
     * two leaves one checkpoint too many until the next create), then GC.
     */
    void retainAndCollect(WorkbenchDir d) {
        if (runRetention(d, null) == 0) {
            collectGarbage(d);
        }
    }

    /** Prunes what {@link RetentionPolicy} selects (never {@code newId} or a marker's checkpoint); GCs if it did. */
    private int runRetention(WorkbenchDir d, String newId) {
        Map<String, CheckpointMetadata> known = loaded(d);
        Set<String> keep = markerIds(d);
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
                refs(d).remove(id);
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
            collectGarbage(d);
        }
        return pruned;
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
        ObjectRefs known = refs(d);
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
                DraftInfo draft = Codec.draft(draftJson.get());
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

    // ------------------------------------------------------------------ list and get

    private Map<String, CheckpointMetadata> loaded(WorkbenchDir d) {
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
        ObjectRefs found = new ObjectRefs();
        Map<String, String> interned = new java.util.HashMap<>();
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (!name.endsWith(".json") || !Ulid.isValid(name.substring(0, name.length() - 5))) {
                continue;
            }
            try {
                Optional<ObjectNode> n = Codec.read(p, Codec.CHECKPOINT_SCHEMA, Phase.WORKBENCH);
                if (n.isEmpty()) {
                    continue;
                }
                Codec.Manifest m = Codec.manifest(n.get());
                if (!m.id().equals(name.substring(0, name.length() - 5))) {
                    throw new IllegalArgumentException("id mismatch");
                }
                boolean restorable = true;
                for (FileEntry f : m.files()) {
                    if (!store.contains(f.sha256())) {
                        restorable = false;
                        break;
                    }
                }
                out.put(m.id(), m.metadata(restorable));
                found.add(m.id(), ObjectRefs.names(m.files(), interned));
            } catch (IOException | RuntimeException e) {
                ctx.log.warn("checkpoint_unreadable", Map.of("workbench_id", d.id(), "file", name));
            }
        }
        refs.put(d.id(), found);
        return out;
    }

    CheckpointStorePort.Listing list(String workbenchId) {
        WorkbenchDir d = ctx.existing(workbenchId, Phase.WORKBENCH);
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

    Optional<CheckpointMetadata> get(String workbenchId, String checkpointId) {
        WorkbenchDir d = ctx.existing(workbenchId, Phase.WORKBENCH);
        if (!Ulid.isValid(checkpointId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(loaded(d).get(checkpointId));
    }

    // ------------------------------------------------------------------ restore

    CheckpointStorePort.Restored restore(String workbenchId, String checkpointId, String preRestoreId,
                                         Consumer<CheckpointStorePort.Progress> progress) {
        WorkbenchDir d = ctx.existing(workbenchId, Phase.RESTORE);
        if (!Ulid.isValid(checkpointId)) {
            throw StoreContext.unknownCheckpoint(Phase.RESTORE);
        }
        if (FsUtil.exists(d.draftJson()) || FsUtil.exists(d.draft())) {
            throw FsErrors.validation(Phase.RESTORE, "draft_exists", null);
        }
        Codec.Manifest target = readManifest(d, checkpointId);
        ContentStore store = ctx.store(d);
        for (FileEntry f : target.files()) {
            boolean present;
            try {
                present = store.contains(f.sha256());
            } catch (IOException e) {
                throw restoreFailed(null, e);
            }
            if (!present) {
                throw restoreFailed("object_missing", null);
            }
        }
        List<FileEntry> before = ctx.manifest(d, Phase.RESTORE);
        WorkbenchInfo currentInfo = Codec.read(d.workbenchJson(), Codec.WORKBENCH_SCHEMA, Phase.RESTORE)
                .map(Codec::workbench).orElseThrow(() -> restoreFailed("workbench.json missing", null));
        WorkshopState currentState = Codec.read(d.workshopState(), Codec.STATE_SCHEMA, Phase.RESTORE)
                .map(Codec::workshopState).orElse(new WorkshopState(currentInfo.defaultModelId(), null));

        // step 3: stage
        try {
            stageFiles(d, target, progress);
            stageMeta(d, target.id(), target.files(), currentInfo, currentState);
        } catch (TrestleException e) {
            cleanStaging(d);
            progress.accept(new CheckpointStorePort.Progress("rolling_back", null));
            throw e;
        } catch (IOException | RuntimeException e) {
            cleanStaging(d);
            progress.accept(new CheckpointStorePort.Progress("rolling_back", null));
            throw restoreFailed(null, e);
        }
        // steps 4-6: mark and swap, journaled for an in-process rollback
        List<Path[]> journal = new ArrayList<>();
        try {
            AtomicFiles.write(d.restoreMarker(), Codec.restoreMarker(checkpointId, preRestoreId, ctx.clock.now()));
            progress.accept(new CheckpointStorePort.Progress("swapping", null));
            rename(d.published(), d.publishedPrev(), journal);
            rename(d.publishedRestoreTmp(), d.published(), journal);
            for (String name : WorkbenchDir.SWAPPED_META) {
                Path current = d.meta(name);
                if (FsUtil.exists(current)) {
                    rename(current, d.meta(name + ".prev"), journal);
                }
                rename(d.metaRestoreTmp().resolve(name), current, journal);
            }
        } catch (IOException | RuntimeException e) {
            progress.accept(new CheckpointStorePort.Progress("rolling_back", null));
            rollback(d, journal);
            throw restoreFailed(null, e);
        }
        // step 7: finalize (the new state is in place; cleanup failures are repaired at startup)
        progress.accept(new CheckpointStorePort.Progress("finalizing", null));
        ctx.setCachedManifest(d.id(), target.files());
        boolean metaClean = cleanMetaAfterSwap(d);
        boolean markerGone;
        try {
            FsUtil.deleteIfExists(d.restoreMarker());
            markerGone = true;
        } catch (IOException e) {
            markerGone = false;
            ctx.log.warn("restore_marker_delete_failed", Map.of("workbench_id", d.id()));
        }
        if (markerGone) {
            retireOldPublished(d);
        } else if (!FsUtil.deleteTreeQuietly(d.publishedPrev()) || !metaClean) {
            ctx.log.warn("restore_cleanup_incomplete", Map.of("workbench_id", d.id()));
        }
        return new CheckpointStorePort.Restored(before, target.files());
    }

    private void rename(Path from, Path to, List<Path[]> journal) throws IOException {
        ctx.ops.rename(from, to);
        journal.add(new Path[] {from, to});
    }

    private void rollback(WorkbenchDir d, List<Path[]> journal) {
        boolean clean = true;
        for (int i = journal.size() - 1; i >= 0; i--) {
            Path[] step = journal.get(i);
            try {
                ctx.ops.rename(step[1], step[0]);
            } catch (IOException | RuntimeException e) {
                clean = false;
                ctx.log.warn("restore_rollback_step_failed", Map.of("workbench_id", d.id(),
                        "exception", e.getClass().getSimpleName()));
            }
        }
        if (!clean) {
            // leave restore.json: startup reconciliation rolls back to the pre_restore checkpoint
            return;
        }
        cleanStaging(d);
        try {
            FsUtil.deleteIfExists(d.restoreMarker());
        } catch (IOException e) {
            ctx.log.warn("restore_marker_delete_failed", Map.of("workbench_id", d.id()));
        }
    }

    private void cleanStaging(WorkbenchDir d) {
        FsUtil.deleteTreeQuietly(d.publishedRestoreTmp());
        FsUtil.deleteTreeQuietly(d.metaRestoreTmp());
    }

    /**
     * Step 7 of a committed restore, minus the old Published tree: {@code meta/*.prev}, {@code restore_tmp/} and
     * leftover staging. True when everything went.
     */
    private boolean cleanMetaAfterSwap(WorkbenchDir d) {
        boolean ok = true;
        for (String name : WorkbenchDir.SWAPPED_META) {
            ok &= FsUtil.deleteTreeQuietly(d.meta(name + ".prev"));
        }
        ok &= FsUtil.deleteTreeQuietly(d.metaRestoreTmp());
        ok &= FsUtil.deleteTreeQuietly(d.publishedRestoreTmp());
        if (!ok) {
            ctx.log.warn("restore_cleanup_incomplete", Map.of("workbench_id", d.id()));
        }
        return ok;
    }

    /**
     * After the marker is gone (the restore is committed): renames {@code published.prev/} to a transient
     * {@code .published.prev.tmp-*} name and deletes it on the store's cleanup thread, after the response. A crash in
     * between leaves either {@code published.prev/} next to {@code published/} or the transient folder; startup
     * reconciliation deletes both ({@code storage.md} §9). If the rename fails the tree is deleted here.
     */
    private void retireOldPublished(WorkbenchDir d) {
        if (!FsUtil.exists(d.publishedPrev())) {
            return;
        }
        Path aside = FsUtil.tempIn(d.root(), "published.prev");
        try {
            ctx.ops.rename(d.publishedPrev(), aside);
        } catch (IOException | RuntimeException e) {
            if (!FsUtil.deleteTreeQuietly(d.publishedPrev())) {
                ctx.log.warn("restore_cleanup_incomplete", Map.of("workbench_id", d.id()));
            }
            return;
        }
        String id = d.id();
        ctx.cleanup.delete(id, aside,
                () -> ctx.log.warn("restore_cleanup_incomplete", Map.of("workbench_id", id)));
    }

    /** Step 7 cleanup: {@code published.prev/}, {@code meta/*.prev}, {@code restore_tmp/} (marker not included). */
    void cleanAfterSwap(WorkbenchDir d) {
        boolean ok = FsUtil.deleteTreeQuietly(d.publishedPrev());
        for (String name : WorkbenchDir.SWAPPED_META) {
            ok &= FsUtil.deleteTreeQuietly(d.meta(name + ".prev"));
        }
        ok &= FsUtil.deleteTreeQuietly(d.metaRestoreTmp());
        ok &= FsUtil.deleteTreeQuietly(d.publishedRestoreTmp());
        if (!ok) {
            ctx.log.warn("restore_cleanup_incomplete", Map.of("workbench_id", d.id()));
        }
    }

    Codec.Manifest readManifest(WorkbenchDir d, String checkpointId) {
        Optional<ObjectNode> n;
        try {
            n = Codec.read(d.manifest(checkpointId), Codec.CHECKPOINT_SCHEMA, Phase.RESTORE);
        } catch (TrestleException e) {
            throw restoreFailed("manifest unreadable", e);
        }
        if (n.isEmpty()) {
            throw StoreContext.unknownCheckpoint(Phase.RESTORE);
        }
        try {
            Codec.Manifest m = Codec.manifest(n.get());
            if (!m.id().equals(checkpointId)) {
                throw new IllegalArgumentException("id mismatch");
            }
            return m;
        } catch (RuntimeException e) {
            throw restoreFailed("manifest unreadable", e);
        }
    }

    /** Links each manifest entry's object into {@code published.restore_tmp/}, checking sizes by stat. */
    void stageFiles(WorkbenchDir d, Codec.Manifest m, Consumer<CheckpointStorePort.Progress> progress)
            throws IOException {
        Path tmp = d.publishedRestoreTmp();
        FsUtil.deleteTree(tmp);
        Files.createDirectories(tmp);
        ContentStore store = ctx.store(d);
        int total = m.files().size();
        boolean large = total >= PERCENT_THRESHOLD;
        progress.accept(new CheckpointStorePort.Progress("staging", large ? 0 : null));
        int lastPercent = 0;
        int done = 0;
        for (FileEntry f : m.files()) {
            if (!store.contains(f.sha256())) {
                throw restoreFailed("object_missing", null);
            }
            long size = store.statSize(f.sha256());
            if (size < 0) {
                throw restoreFailed("object_missing", null);
            }
            if (size != f.size()) {
                throw restoreFailed("object_corrupt", null);
            }
            store.linkIntoFresh(f.sha256(), tmp, f.path());
            done++;
            int percent = (int) ((done * 100L) / total);
            if (large && percent >= lastPercent + 10) {
                lastPercent = percent - percent % 10;
                progress.accept(new CheckpointStorePort.Progress("staging", lastPercent));
            }
        }
        AtomicFiles.fsyncDirectory(tmp);
    }

    /**
     * Stages {@code files.json} and the snapshot's meta files in {@code meta/restore_tmp/}. With {@code keepInfo}
     * (a user restore) the current name, default model and active model are kept and the pending proposal cleared;
     * without (crash recovery) the snapshot is copied as is.
     */
    void stageMeta(WorkbenchDir d, String checkpointId, List<FileEntry> files, WorkbenchInfo keepInfo,
                   WorkshopState keepState) throws IOException {
        Path tmp = d.metaRestoreTmp();
        FsUtil.deleteTree(tmp);
        Files.createDirectories(tmp);
        Path snap = d.snapshot(checkpointId);
        AtomicFiles.write(tmp.resolve(WorkbenchDir.FILES_JSON), Codec.filesJson(files));

        Path snapWb = snap.resolve(WorkbenchDir.WORKBENCH_JSON);
        if (keepInfo != null) {
            WorkbenchInfo snapInfo = Codec.read(snapWb, Codec.WORKBENCH_SCHEMA, Phase.RESTORE).map(Codec::workbench)
                    .orElse(keepInfo);
            WorkbenchInfo merged = new WorkbenchInfo(keepInfo.id(), keepInfo.name(), snapInfo.createdAt(),
                    ctx.clock.now(), keepInfo.defaultModelId());
            AtomicFiles.write(tmp.resolve(WorkbenchDir.WORKBENCH_JSON), Codec.workbench(merged));
        } else {
            copyFirst(tmp.resolve(WorkbenchDir.WORKBENCH_JSON), snapWb, d.workbenchJson());
        }

        Path snapConv = snap.resolve(WorkbenchDir.CONVERSATION);
        if (FsUtil.exists(snapConv)) {
            FsUtil.copyForced(snapConv, tmp.resolve(WorkbenchDir.CONVERSATION));
        } else {
            AtomicFiles.write(tmp.resolve(WorkbenchDir.CONVERSATION), new byte[0]);
        }

        Path snapState = snap.resolve(WorkbenchDir.WORKSHOP_STATE);
        if (keepState != null) {
            AtomicFiles.write(tmp.resolve(WorkbenchDir.WORKSHOP_STATE),
                    Codec.workshopState(new WorkshopState(keepState.activeModelId(), null)));
        } else {
            copyFirst(tmp.resolve(WorkbenchDir.WORKSHOP_STATE), snapState, d.workshopState());
        }
    }

    private static void copyFirst(Path target, Path preferred, Path fallback) throws IOException {
        Path source = FsUtil.exists(preferred) ? preferred : fallback;
        if (!FsUtil.exists(source)) {
            throw new IOException("no source for " + target.getFileName());
        }
        FsUtil.copyForced(source, target);
    }

    static TrestleException restoreFailed(String detail, Throwable cause) {
        ErrorInfo info = ErrorInfo.of(ErrorCode.CHECKPOINT_RESTORE_FAILED, Phase.RESTORE);
        if ("object_missing".equals(detail) || "object_corrupt".equals(detail)) {
            info = info.withActions(List.of(ErrorAction.RESTORE_CHECKPOINT));
        }
        if (detail != null) {
            info = info.withDetail(detail);
        } else if (cause != null) {
            info = info.withDetail(FsErrors.isDiskFull(cause) ? "no space left"
                    : "restore failed (" + cause.getClass().getSimpleName() + ")");
        }
        return cause == null ? new TrestleException(info) : new TrestleException(info, cause);
    }
}
