package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TrestleException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Restores that failed after their commit point and whose in-process rollback could not finish (a disk still full):
 * their journal ({@code restore.json}) stays, and the call answered {@code CHECKPOINT_RESTORE_FAILED}. So that the
 * Workbench is not left between the two states until a restart, its next use rolls the journal back before serving
 * ({@code storage.md} §9): every journal step is idempotent, and rolling back needs no new bytes (links, renames and
 * deletes of what the restore staged), so it succeeds once the failing write is out of the way. A crash before that
 * leaves startup recovery to finish the journal in its written direction, as after any crash.
 */
final class PendingRestores {
    private final StoreContext ctx;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    PendingRestores(StoreContext ctx) {
        this.ctx = ctx;
    }

    /** After a failed restore of {@code d}: remembers it when its journal is still there. */
    void failed(WorkbenchDir d) {
        if (FsUtil.exists(d.restoreMarker())) {
            pending.add(d.id());
        }
    }

    /**
     * Rolls back the pending journal of {@code d} (if any) before it is served; throws {@code DISK_FULL} /
     * {@code FILE_WRITE_FAILED} (the Workbench stays pending, never served half-restored) when that cannot finish.
     */
    void settle(WorkbenchDir d, Phase phase) {
        if (pending.isEmpty() || !pending.contains(d.id())) {
            return;
        }
        Object lock = locks.computeIfAbsent(d.id(), k -> new Object());
        synchronized (lock) {
            if (!pending.contains(d.id())) {
                return;
            }
            if (!FsUtil.exists(d.restoreMarker())) {
                pending.remove(d.id());
                return;
            }
            try {
                rollBack(d);
            } catch (IOException | RuntimeException e) {
                ctx.log.warn("restore_rollback_pending", Map.of("workbench_id", d.id(),
                        "exception", e.getClass().getSimpleName()));
                throw e instanceof TrestleException te ? te : FsErrors.write(phase, "restore_rollback_pending", e);
            } finally {
                ctx.forget(d.id());
            }
            pending.remove(d.id());
        }
        locks.remove(d.id(), lock);
    }

    private void rollBack(WorkbenchDir d) throws IOException {
        Optional<ObjectNode> marker = Codec.read(d.restoreMarker(), Integer.MAX_VALUE, Phase.RESTORE);
        Optional<RestoreJournal.Plan> plan = marker.flatMap(RestoreJournal::decode);
        if (plan.isEmpty()) {
            throw FsErrors.error(ErrorCode.CHECKPOINT_RESTORE_FAILED, Phase.RESTORE, "restore journal unreadable");
        }
        RestoreJournal.Plan back = RestoreJournal.FORWARD.equals(plan.get().direction()) ? plan.get().reversed()
                : plan.get();
        if (back != plan.get()) {
            try {
                // turned around first when there is room, so a crash from here on also ends before the restore
                RestoreJournal.write(ctx, d, back);
            } catch (IOException e) {
                if (!FsErrors.isDiskFull(e)) {
                    throw e;
                }
            }
        }
        RestoreJournal.apply(ctx, d, back, p -> { });
        RestoreJournal.finish(ctx, d);
        if (back.isSwap()) {
            // the target tree a swap staged (renamed back there if it had been swapped in)
            FsUtil.deleteTreeQuietly(d.publishedRestoreTmp());
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("checkpoint_id", back.checkpointId() == null ? "" : back.checkpointId());
        meta.put("pre_restore_checkpoint_id", back.preRestoreId() == null ? "" : back.preRestoreId());
        meta.put("method", "rolled_back_on_next_use");
        ctx.event(d, "restore_recovered", null, meta);
    }
}
