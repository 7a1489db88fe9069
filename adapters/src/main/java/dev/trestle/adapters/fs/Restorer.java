package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.AtomicFiles;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

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
        Codec.Manifest target = readManifest(d, checkpointId);
        List<FileEntry> before = ctx.manifest(d, Phase.RESTORE);
        ContentStore store = ctx.store(d);
        for (FileEntry f : target.files()) {
            if (!contains(store, f.sha256())) {
                throw restoreFailed("object_missing", null);
            }
        }
        List<RestoreJournal.Op> forward = RestoreJournal.diff(before, target.files());
        for (RestoreJournal.Op op : forward) {
            // only the objects about to be linked are checked on disk (stat): the others stay where they are
            if (!op.isRemove()) {
                long size = store.statSize(op.sha256());
                if (size < 0) {
                    throw restoreFailed("object_missing", null);
                }
                if (size != op.size()) {
                    throw restoreFailed("object_corrupt", null);
                }
            }
        }
        RestoreJournal.Plan plan = new RestoreJournal.Plan(checkpointId, preRestoreId, RestoreJournal.FORWARD,
                forward, RestoreJournal.diff(target.files(), before));
        WorkbenchInfo currentInfo = Codec.read(d.workbenchJson(), StoredForms.WORKBENCH_SCHEMA, Phase.RESTORE)
                .map(StoredForms::workbench).orElseThrow(() -> restoreFailed("workbench.json missing", null));
        WorkshopState currentState = Codec.read(d.workshopState(), StoredForms.STATE_SCHEMA, Phase.RESTORE)
                .map(StoredForms::workshopState).orElse(new WorkshopState(currentInfo.defaultModelId(), null));

        // step 3: stage the meta files of both states, then commit the journal
        progress.accept(new CheckpointStorePort.Progress("staging", null));
        try {
            Path staging = d.metaRestoreTmp();
            FsUtil.deleteTree(staging);
            stageMeta(d, staging.resolve("next"), target.id(), target.files(), currentInfo, currentState);
            stageCurrentMeta(d, staging.resolve("prev"));
            AtomicFiles.fsyncDirectory(staging);
            RestoreJournal.write(ctx, d, plan);
        } catch (IOException | RuntimeException e) {
            FsUtil.deleteTreeQuietly(d.metaRestoreTmp());
            progress.accept(new CheckpointStorePort.Progress("rolling_back", null));
            throw e instanceof TrestleException te ? te : restoreFailed(null, e);
        }
        // steps 4-6: apply the differing entries and place the meta files
        progress.accept(new CheckpointStorePort.Progress("swapping", null));
        boolean large = forward.size() >= PERCENT_THRESHOLD;
        try {
            RestoreJournal.apply(ctx, d, plan, p -> {
                if (large) {
                    progress.accept(new CheckpointStorePort.Progress("swapping", p));
                }
            });
        } catch (IOException | RuntimeException e) {
            progress.accept(new CheckpointStorePort.Progress("rolling_back", null));
            rollBack(d, plan);
            throw restoreFailed(null, e);
        }
        // step 7: finalize (the new state is in place; a failure here is completed at startup)
        progress.accept(new CheckpointStorePort.Progress("finalizing", null));
        ctx.setCachedManifest(d.id(), target.files());
        try {
            RestoreJournal.finish(ctx, d);
        } catch (IOException | RuntimeException e) {
            ctx.log.warn("restore_cleanup_incomplete", Map.of("workbench_id", d.id()));
        }
        return new CheckpointStorePort.Restored(before, target.files());
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
    private void rollBack(WorkbenchDir d, RestoreJournal.Plan plan) {
        try {
            RestoreJournal.Plan back = plan.reversed();
            RestoreJournal.write(ctx, d, back);
            RestoreJournal.apply(ctx, d, back, p -> { });
            ctx.dropCachedManifest(d.id());
            RestoreJournal.finish(ctx, d);
        } catch (IOException | RuntimeException e) {
            ctx.dropCachedManifest(d.id());
            ctx.log.warn("restore_rollback_incomplete", Map.of("workbench_id", d.id(),
                    "exception", e.getClass().getSimpleName()));
        }
    }

    /** Links (or copies) the current meta files into {@code dir}: the state a backward replay puts back. */
    private void stageCurrentMeta(WorkbenchDir d, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : WorkbenchDir.SWAPPED_META) {
            Path current = d.meta(name);
            if (!FsUtil.exists(current)) {
                if (WorkbenchDir.CONVERSATION.equals(name)) {
                    AtomicFiles.write(dir.resolve(name), new byte[0]);
                    continue;
                }
                throw new IOException(name + " missing");
            }
            try {
                ctx.ops.createLink(dir.resolve(name), current);
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                FsUtil.deleteIfExists(dir.resolve(name));
                FsUtil.copyForced(current, dir.resolve(name));
            }
        }
        AtomicFiles.fsyncDirectory(dir);
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
     * Stages {@code files.json} and the snapshot's meta files in {@code tmp} (recreated empty). With {@code keepInfo}
     * (a user restore) the current name, default model and active model are kept and the pending proposal cleared;
     * without (crash recovery) the snapshot is copied as is.
     */
    void stageMeta(WorkbenchDir d, Path tmp, String checkpointId, List<FileEntry> files, WorkbenchInfo keepInfo,
                   WorkshopState keepState) throws IOException {
        FsUtil.deleteTree(tmp);
        Files.createDirectories(tmp);
        Path snap = d.snapshot(checkpointId);
        AtomicFiles.write(tmp.resolve(WorkbenchDir.FILES_JSON), Codec.filesJson(files));

        Path snapWb = snap.resolve(WorkbenchDir.WORKBENCH_JSON);
        if (keepInfo != null) {
            WorkbenchInfo snapInfo = Codec.read(snapWb, StoredForms.WORKBENCH_SCHEMA, Phase.RESTORE).map(StoredForms::workbench)
                    .orElse(keepInfo);
            WorkbenchInfo merged = new WorkbenchInfo(keepInfo.id(), keepInfo.name(), snapInfo.createdAt(),
                    ctx.clock.now(), keepInfo.defaultModelId());
            AtomicFiles.write(tmp.resolve(WorkbenchDir.WORKBENCH_JSON), StoredForms.workbench(merged));
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
                    StoredForms.workshopState(new WorkshopState(keepState.activeModelId(), null)));
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
                    : "restore failed (" + dev.trestle.adapters.support.IoFailures.reason(cause) + ")");
        }
        return cause == null ? new TrestleException(info) : new TrestleException(info, cause);
    }
}
