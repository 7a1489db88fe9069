package dev.trestle.adapters.fs;

import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.Ulid;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Workbench folders the per-port adapters share. The only way an adapter gets the folder of an existing Workbench
 * is {@link #ready}, which reconciles it first ({@code storage.md} §9) when this is its first use since a lazy start,
 * exactly once per store even when two first calls race, each Workbench under its own lock (never a global one).
 * A Workbench the engine left clean ({@link CleanMarker}) is not reconciled: its marker is consumed instead. A restore
 * that failed after its commit point without finishing its rollback is rolled back here, before the Workbench is
 * served again ({@link PendingRestores}).
 */
final class WorkbenchDirs {
    final StoreContext ctx;
    private final Reconciler reconciler;
    /** True once {@link #reconcileOnFirstUse()} ran: each Workbench is reconciled before its first use. */
    private volatile boolean lazy;
    private final Set<String> reconciled = ConcurrentHashMap.newKeySet();
    /** Workbenches whose reconciliation failed: never marked clean. */
    private final Set<String> unclean = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> reconcileLocks = new ConcurrentHashMap<>();
    private final PendingRestores pendingRestores;

    WorkbenchDirs(StoreContext ctx, Reconciler reconciler) {
        this.ctx = ctx;
        this.reconciler = reconciler;
        this.pendingRestores = new PendingRestores(ctx);
    }

    /** After a restore of {@code d} failed: a journal it left is rolled back on the Workbench's next use. */
    void restoreFailed(WorkbenchDir d) {
        pendingRestores.failed(d);
    }

    /** The folder of an existing Workbench, reconciled; {@code unknown_workbench} / a sandbox violation otherwise. */
    WorkbenchDir ready(String workbenchId, Phase phase) {
        reconcileIfFirstUse(workbenchId);
        WorkbenchDir d = ctx.dir(workbenchId, phase);
        if (Files.isSymbolicLink(d.root())) {
            throw FsErrors.error(ErrorCode.SANDBOX_VIOLATION, phase, "symbolic link in workbench");
        }
        pendingRestores.settle(d, phase);
        if (!Files.isDirectory(d.root(), LinkOption.NOFOLLOW_LINKS)
                || !Files.exists(d.workbenchJson(), LinkOption.NOFOLLOW_LINKS)) {
            throw FsErrors.validation(phase, "unknown_workbench", null);
        }
        return d;
    }

    /**
     * The folder of a Workbench that may not exist (load, sandbox root): reconciled first when it exists and this is
     * its first use.
     */
    WorkbenchDir reconciledOrAbsent(String workbenchId, Phase phase) {
        reconcileIfFirstUse(workbenchId);
        WorkbenchDir d = ctx.dir(workbenchId, phase);
        pendingRestores.settle(d, phase);
        return d;
    }

    /**
     * True when the Workbench is not reconciled yet (lazy mode) but what a listing reads from it (workbench.json,
     * the Draft's presence) would not change if it were: a few {@code stat}s, no reading.
     */
    boolean listableAsIs(String workbenchId) {
        return lazy && Ulid.isValid(workbenchId) && !reconciled.contains(workbenchId)
                && !mayChangeListing(new WorkbenchDir(workbenchId, ctx.workbenches.resolve(workbenchId)));
    }

    /** A listing's folder: as is when {@link #listableAsIs}, else reconciled first. */
    WorkbenchDir forListing(String workbenchId, Phase phase) {
        if (!listableAsIs(workbenchId)) {
            reconcileIfFirstUse(workbenchId);
        }
        WorkbenchDir d = ctx.dir(workbenchId, phase);
        pendingRestores.settle(d, phase);
        return d;
    }

    /** A Workbench created by this store needs no reconciliation. */
    void created(String workbenchId) {
        reconciled.add(workbenchId);
    }

    void reconcileAll() {
        lazy = false;
        reconciler.reconcileAll();
    }

    void reconcileOnFirstUse() {
        reconciled.clear();
        unclean.clear();
        lazy = true;
        reconciler.deleteWorkbenchTemps(true);
    }

    /**
     * The clean stop ({@code storage.md} §9): leaves a clean marker in every Workbench used since the lazy start, so
     * the next start does no per-file or per-checkpoint work for it. Call after the last request.
     */
    void markClean() {
        if (!lazy) {
            return;
        }
        for (String id : reconciled) {
            if (unclean.contains(id)) {
                continue;
            }
            WorkbenchDir d = new WorkbenchDir(id, ctx.workbenches.resolve(id));
            if (FsUtil.isDirectory(d.root()) && FsUtil.exists(d.workbenchJson())) {
                CleanMarker.write(ctx, d);
            }
        }
    }

    private void reconcileIfFirstUse(String workbenchId) {
        if (!lazy || workbenchId == null || reconciled.contains(workbenchId) || !Ulid.isValid(workbenchId)) {
            return;
        }
        Object lock = reconcileLocks.computeIfAbsent(workbenchId, k -> new Object());
        synchronized (lock) {
            if (reconciled.contains(workbenchId)) {
                return;
            }
            WorkbenchDir d = new WorkbenchDir(workbenchId, ctx.workbenches.resolve(workbenchId));
            if ((!FsUtil.isDirectory(d.root()) || !CleanMarker.consume(ctx, d))
                    && !reconciler.reconcileOne(workbenchId)) {
                unclean.add(workbenchId);
            }
            reconciled.add(workbenchId);
        }
        reconcileLocks.remove(workbenchId, lock);
    }

    private static boolean mayChangeListing(WorkbenchDir d) {
        return FsUtil.exists(d.restoreMarker()) || FsUtil.exists(d.publishMarker())
                || FsUtil.exists(d.meta("workbench.json.prev")) || !FsUtil.exists(d.workbenchJson())
                || FsUtil.exists(d.draft()) != FsUtil.exists(d.draftJson());
    }
}
