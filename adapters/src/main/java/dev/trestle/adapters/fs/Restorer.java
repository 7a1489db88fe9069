package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.domain.model.ErrorAction;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.Ulid;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.out.CheckpointStorePort;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/** Restore of a checkpoint ({@code storage.md} §8) and the staging its crash recovery reuses (§9). */
final class Restorer {
    private static final int PERCENT_THRESHOLD = 100;

    private final StoreContext ctx;

    Restorer(StoreContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Steps 3–7 of {@code storage.md} §8 as a diff: only the entries whose name or object differ between the current
     * manifest and the target are linked or removed; the rest are not touched. The intent journal is written before
     * the first change; an error after it is rolled back in process by the journal's inverse, and a crash at any point
     * is completed at startup in the journal's direction (§9).
     */
    CheckpointStorePort.Restored restore(WorkbenchDir d, String checkpointId, String preRestoreId,
                                         Consumer<CheckpointStorePort.Progress> progress) {
        if (!Ulid.isValid(checkpointId)) {
            throw StoreContext.unknownCheckpoint(Phase.RESTORE);
        }
        if (FsUtil.exists(d.draftJson()) || FsUtil.exists(d.draft())) {
            throw FsErrors.validation(Phase.RESTORE, "draft_exists", null);
        }
        ManifestCodec.Manifest target = readManifest(d, checkpointId);
        ChunkStore targetStore = ctx.chunks(d);
        List<ManifestCodec.ChunkRef> targetRefs;
        try {
            targetRefs = target.chunks() != null ? target.chunks() : targetStore.split(target.inline());
        } catch (RuntimeException e) {
            throw restoreFailed("manifest unreadable", e);
        }
        return restoreTo(d, checkpointId, preRestoreId, targetRefs, false, progress);
    }

    /**
     * A per-file restore: {@code files} (decided by the domain's {@code RestoreSelection}: the current manifest with
     * the named entries taken from the checkpoint) becomes the Published manifest through the same journal as
     * {@link #restore}; only the entries that differ are operated on, and the current conversation, name and models
     * stay (the pending proposal is cleared, as by a full restore).
     */
    CheckpointStorePort.Restored restoreFiles(WorkbenchDir d, String checkpointId, String preRestoreId,
                                              List<FileEntry> files,
                                              Consumer<CheckpointStorePort.Progress> progress) {
        if (!Ulid.isValid(checkpointId)) {
            throw StoreContext.unknownCheckpoint(Phase.RESTORE);
        }
        if (FsUtil.exists(d.draftJson()) || FsUtil.exists(d.draft())) {
            throw FsErrors.validation(Phase.RESTORE, "draft_exists", null);
        }
        if (!FsUtil.exists(d.manifest(checkpointId))) {
            throw StoreContext.unknownCheckpoint(Phase.RESTORE);
        }
        List<ManifestCodec.ChunkRef> refs;
        try {
            // cut from the current chunks: only the chunks of the selected entries are encoded again
            refs = ctx.chunks(d).split(List.copyOf(files), ctx.published(d, Phase.RESTORE).chunks());
        } catch (RuntimeException e) {
            throw restoreFailed("manifest unreadable", e);
        }
        return restoreTo(d, checkpointId, preRestoreId, refs, true, progress);
    }

    private CheckpointStorePort.Restored restoreTo(WorkbenchDir d, String checkpointId, String preRestoreId,
                                                   List<ManifestCodec.ChunkRef> targetRefs, boolean keepMeta,
                                                   Consumer<CheckpointStorePort.Progress> progress) {
        StoreContext.Published current = ctx.published(d, Phase.RESTORE);
        List<FileEntry> before = current.files();
        ChunkStore chunks = ctx.chunks(d);
        ContentStore store = ctx.store(d);
        List<ManifestCodec.ChunkRef> targetChunks;
        List<FileEntry> after;
        List<FileEntry> fromDiffering;
        List<FileEntry> toDiffering;
        List<String> createdChunks;
        try {
            targetChunks = targetRefs;
            // diff by chunk first: a chunk both manifests name holds the same entries on both sides, so only the
            // entries of chunks one side lacks are compared (and only their objects checked)
            Map<String, Integer> shared = new HashMap<>();
            current.chunks().forEach(c -> shared.merge(c.sha256(), 1, Integer::sum));
            List<ManifestCodec.ChunkRef> targetOnly = new ArrayList<>();
            for (ManifestCodec.ChunkRef c : targetChunks) {
                Integer n = shared.get(c.sha256());
                if (n != null && n > 0) {
                    shared.put(c.sha256(), n - 1);
                } else {
                    targetOnly.add(c);
                }
            }
            List<ManifestCodec.ChunkRef> currentOnly = new ArrayList<>();
            for (ManifestCodec.ChunkRef c : current.chunks()) {
                Integer n = shared.get(c.sha256());
                if (n != null && n > 0) {
                    shared.put(c.sha256(), n - 1);
                    currentOnly.add(c);
                }
            }
            fromDiffering = chunks.expand(currentOnly);
            toDiffering = chunks.expand(targetOnly);
            after = List.copyOf(chunks.expand(targetChunks));
            createdChunks = chunks.persist(targetChunks);
        } catch (IOException | RuntimeException e) {
            throw restoreFailed("manifest unreadable", e);
        }
        try {
            return apply(d, checkpointId, preRestoreId, progress, keepMeta, before, after, targetChunks, fromDiffering,
                    toDiffering);
        } catch (RuntimeException e) {
            if (FsUtil.exists(d.restoreMarker())) {
                throw e;
            }
            // nothing committed: a version-2 target's chunks written for this restore go with it
            chunks.discard(createdChunks);
            throw e;
        }
    }

    private CheckpointStorePort.Restored apply(WorkbenchDir d, String checkpointId, String preRestoreId,
            Consumer<CheckpointStorePort.Progress> progress, boolean keepMeta, List<FileEntry> before,
            List<FileEntry> after, List<ManifestCodec.ChunkRef> targetChunks, List<FileEntry> fromDiffering,
            List<FileEntry> toDiffering) {
        List<RestoreJournal.Op> forward = RestoreJournal.diff(fromDiffering, toDiffering);
        if (RestoreSwap.chosen(ctx.tuning.swapMinOps(), forward.size(), after.size())) {
            return swap(d, checkpointId, preRestoreId, progress, keepMeta, before, after, targetChunks, fromDiffering,
                    toDiffering);
        }
        ContentStore store = ctx.store(d);
        for (FileEntry f : toDiffering) {
            if (!contains(store, f.sha256())) {
                throw restoreFailed("object_missing", null);
            }
        }
        // only the objects about to be linked are checked on disk (stat): the others stay where they are; many
        // are checked from a few threads
        String[] problem = new String[forward.size()];
        FsUtil.parallelFor(forward.size(), forward.size() >= RestoreJournal.PARALLEL_OPS ? 4 : 1, i -> {
            RestoreJournal.Op op = forward.get(i);
            if (!op.isRemove()) {
                long size = store.statSize(op.sha256());
                problem[i] = size < 0 ? "object_missing" : size != op.size() ? "object_corrupt" : null;
            }
        });
        for (String p : problem) {
            if (p != null) {
                throw restoreFailed(p, null);
            }
        }
        // step 3: the meta files of the target go inside the journal, the current ones are linked aside, then the
        // journal is committed (one forced write covers everything staged)
        progress.accept(new CheckpointStorePort.Progress("staging", null));
        RestoreJournal.Plan plan = commit(d, checkpointId, targetChunks, keepMeta, progress, meta ->
                new RestoreJournal.Plan(checkpointId, preRestoreId, RestoreJournal.FORWARD, forward,
                        RestoreJournal.diff(toDiffering, fromDiffering), meta));
        // steps 4-6: apply the differing entries and place the meta files
        progress.accept(new CheckpointStorePort.Progress("swapping", null));
        boolean large = forward.size() >= PERCENT_THRESHOLD;
        try {
            Set<String> absent = new HashSet<>();
            Set<String> present = new HashSet<>();
            fromDiffering.forEach(e -> present.add(e.path()));
            forward.forEach(op -> {
                if (!op.isRemove() && !present.contains(op.path())) {
                    absent.add(op.path());
                }
            });
            RestoreJournal.apply(ctx, d, plan, p -> {
                if (large) {
                    progress.accept(new CheckpointStorePort.Progress("swapping", p));
                }
            }, absent);
        } catch (IOException | RuntimeException e) {
            progress.accept(new CheckpointStorePort.Progress("rolling_back", null));
            rollBack(d, plan);
            throw restoreFailed(null, e);
        }
        finalizeRestore(d, after, targetChunks, progress);
        return new CheckpointStorePort.Restored(before, after, fromDiffering, toDiffering);
    }

    /**
     * Steps 3–7 as a swap ({@link RestoreSwap}, decision 37): the whole target tree is staged before the journal (a
     * failure there deletes the staging and changes nothing), the journal names the swap, and the old tree is deleted
     * on the cleanup thread after the answer.
     */
    private CheckpointStorePort.Restored swap(WorkbenchDir d, String checkpointId, String preRestoreId,
            Consumer<CheckpointStorePort.Progress> progress, boolean keepMeta, List<FileEntry> before,
            List<FileEntry> after, List<ManifestCodec.ChunkRef> targetChunks, List<FileEntry> fromDiffering,
            List<FileEntry> toDiffering) {
        boolean large = after.size() >= PERCENT_THRESHOLD;
        progress.accept(new CheckpointStorePort.Progress("staging", large ? 0 : null));
        try {
            RestoreSwap.stage(ctx, d, after, p -> {
                if (large) {
                    progress.accept(new CheckpointStorePort.Progress("staging", p));
                }
            });
        } catch (IOException | RuntimeException e) {
            FsUtil.deleteTreeQuietly(d.publishedRestoreTmp());
            throw e instanceof TrestleException te ? te : restoreFailed(null, e);
        }
        String aside = RestoreSwap.newAsideName();
        RestoreJournal.Plan plan;
        try {
            plan = commit(d, checkpointId, targetChunks, keepMeta, progress,
                    meta -> RestoreJournal.Plan.swap(checkpointId, preRestoreId, meta, aside));
        } catch (RuntimeException e) {
            FsUtil.deleteTreeQuietly(d.publishedRestoreTmp());
            throw e;
        }
        progress.accept(new CheckpointStorePort.Progress("swapping", null));
        try {
            RestoreJournal.apply(ctx, d, plan, p -> { });
        } catch (IOException | RuntimeException e) {
            progress.accept(new CheckpointStorePort.Progress("rolling_back", null));
            if (rollBack(d, plan)) {
                FsUtil.deleteTreeQuietly(d.publishedRestoreTmp());
            }
            throw restoreFailed(null, e);
        }
        if (finalizeRestore(d, after, targetChunks, progress)) {
            // the old tree is a transient name now: deleted after the answer (or by §9 after a crash)
            ctx.cleanup.delete(d.id(), d.root().resolve(aside),
                    () -> ctx.log.warn("restore_cleanup_incomplete", Map.of("workbench_id", d.id())));
        }
        return new CheckpointStorePort.Restored(before, after, fromDiffering, toDiffering);
    }

    /**
     * Step 7, for both modes: the new state is in place, the cached manifest follows it and the journal goes. False
     * when the journal could not be removed (logged; startup completes it).
     */
    private boolean finalizeRestore(WorkbenchDir d, List<FileEntry> after, List<ManifestCodec.ChunkRef> targetChunks,
                                    Consumer<CheckpointStorePort.Progress> progress) {
        progress.accept(new CheckpointStorePort.Progress("finalizing", null));
        ctx.setCachedManifest(d.id(), after, targetChunks);
        try {
            RestoreJournal.finish(ctx, d);
            return true;
        } catch (IOException | RuntimeException e) {
            ctx.log.warn("restore_cleanup_incomplete", Map.of("workbench_id", d.id()));
            return false;
        }
    }

    /**
     * Step 3: reads the current meta files, builds the plan around the target's ({@code planFor}), links the current
     * ones aside and writes the journal: the commit point. A failure removes what it made and changes nothing.
     */
    private RestoreJournal.Plan commit(WorkbenchDir d, String checkpointId, List<ManifestCodec.ChunkRef> targetChunks,
            boolean keepMeta, Consumer<CheckpointStorePort.Progress> progress,
            Function<RestoreMeta, RestoreJournal.Plan> planFor) {
        WorkbenchInfo currentInfo = Codec.read(d.workbenchJson(), StoredForms.WORKBENCH_SCHEMA, Phase.RESTORE)
                .map(StoredForms::workbench).orElseThrow(() -> restoreFailed("workbench.json missing", null));
        WorkshopState currentState = Codec.read(d.workshopState(), StoredForms.STATE_SCHEMA, Phase.RESTORE)
                .map(StoredForms::workshopState).orElse(new WorkshopState(currentInfo.defaultModelId(), null));
        RestoreMeta meta = null;
        try {
            meta = nextMeta(d, checkpointId, targetChunks, keepMeta, currentInfo, currentState);
            RestoreJournal.Plan plan = planFor.apply(meta);
            FsUtil.deleteTree(d.metaRestoreTmp());
            meta.stagePrev(ctx, d);
            RestoreJournal.write(ctx, d, plan);
            return plan;
        } catch (IOException | RuntimeException e) {
            if (meta != null) {
                for (String name : meta.swapped()) {
                    FsUtil.deleteTreeQuietly(RestoreMeta.prev(d, name));
                }
            }
            progress.accept(new CheckpointStorePort.Progress("rolling_back", null));
            throw e instanceof TrestleException te ? te : restoreFailed(null, e);
        }
    }

    private static boolean contains(ContentStore store, String sha) {
        try {
            return store.contains(sha);
        } catch (IOException e) {
            throw restoreFailed(null, e);
        }
    }

    /**
     * The in-process rollback: the journal is turned around first (so a crash from here on ends in the state before
     * the restore), then replayed backwards. If that fails the journal stays and startup finishes it.
     */
    private boolean rollBack(WorkbenchDir d, RestoreJournal.Plan plan) {
        try {
            RestoreJournal.Plan back = plan.reversed();
            RestoreJournal.write(ctx, d, back);
            RestoreJournal.apply(ctx, d, back, p -> { });
            ctx.dropCachedManifest(d.id());
            RestoreJournal.finish(ctx, d);
            return true;
        } catch (IOException | RuntimeException e) {
            ctx.dropCachedManifest(d.id());
            ctx.log.warn("restore_rollback_incomplete", Map.of("workbench_id", d.id(),
                    "exception", e.getClass().getSimpleName()));
            return false;
        }
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

    ManifestCodec.Manifest readManifest(WorkbenchDir d, String checkpointId) {
        Optional<ObjectNode> n;
        try {
            n = Codec.read(d.manifest(checkpointId), ManifestCodec.ROOT_SCHEMA, Phase.RESTORE);
        } catch (TrestleException e) {
            throw restoreFailed("manifest unreadable", e);
        }
        if (n.isEmpty()) {
            throw StoreContext.unknownCheckpoint(Phase.RESTORE);
        }
        try {
            ManifestCodec.Manifest m = ManifestCodec.manifest(n.get());
            if (!m.id().equals(checkpointId)) {
                throw new IllegalArgumentException("id mismatch");
            }
            return m;
        } catch (IOException | RuntimeException e) {
            throw restoreFailed("manifest unreadable", e);
        }
    }

    /** The entries of a manifest (its chunks read as needed) and its chunks, written if it is of version 2. */
    StoreContext.Published entries(WorkbenchDir d, ManifestCodec.Manifest m) throws IOException {
        ChunkStore chunks = ctx.chunks(d);
        List<ManifestCodec.ChunkRef> refs = m.chunks() != null ? m.chunks() : chunks.split(m.inline());
        List<FileEntry> files = chunks.expand(refs);
        chunks.persist(refs);
        return new StoreContext.Published(files, refs);
    }

    /**
     * The meta files of the restored state, carried by the journal: {@code files.json} over {@code chunks};
     * {@code workbench.json} with the current name and default model (the snapshot's creation time for a full
     * restore); {@code workshop_state.json} with the current active model and no pending proposal, only when that
     * changes it; for a full restore the snapshot's conversation (copied while the journal is applied), for a per-file
     * restore ({@code keepMeta}) the conversation stays.
     */
    private RestoreMeta nextMeta(WorkbenchDir d, String checkpointId, List<ManifestCodec.ChunkRef> chunks,
                                 boolean keepMeta, WorkbenchInfo info, WorkshopState state) throws IOException {
        Map<String, byte[]> next = new LinkedHashMap<>();
        next.put(WorkbenchDir.FILES_JSON, ManifestCodec.filesJson(chunks));
        Instant createdAt = info.createdAt();
        if (!keepMeta) {
            createdAt = Codec.read(d.snapshot(checkpointId).resolve(WorkbenchDir.WORKBENCH_JSON),
                    StoredForms.WORKBENCH_SCHEMA, Phase.RESTORE).map(StoredForms::workbench).map(WorkbenchInfo::createdAt)
                    .orElse(createdAt);
        }
        next.put(WorkbenchDir.WORKBENCH_JSON, StoredForms.workbench(new WorkbenchInfo(info.id(), info.name(),
                createdAt, ctx.clock.now(), info.defaultModelId())));
        byte[] workshop = StoredForms.workshopState(new WorkshopState(state.activeModelId(), null));
        if (!FsUtil.exists(d.workshopState())
                || !Arrays.equals(workshop, Files.readAllBytes(d.workshopState()))) {
            next.put(WorkbenchDir.WORKSHOP_STATE, workshop);
        }
        return new RestoreMeta(next, !keepMeta);
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
                    : "restore failed (" + dev.trestle.adapters.support.IoFailures.reason(cause) + ")");
        }
        return cause == null ? new TrestleException(info) : new TrestleException(info, cause);
    }
}
