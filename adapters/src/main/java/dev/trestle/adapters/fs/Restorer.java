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
import java.util.ArrayList;
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

    CheckpointStorePort.Restored restore(WorkbenchDir d, String checkpointId, String preRestoreId,
                                         Consumer<CheckpointStorePort.Progress> progress) {
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
