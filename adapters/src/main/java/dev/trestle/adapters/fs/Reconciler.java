package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.Ulid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Startup reconciliation, every row of {@code storage.md} §9, top to bottom, per Workbench. */
final class Reconciler {
    private static final Phase PHASE = Phase.WORKBENCH;

    private final StoreContext ctx;
    private final CheckpointIndex checkpoints;
    private final CheckpointCreator creator;
    private final Restorer restorer;
    private final Drafts drafts;

    Reconciler(StoreContext ctx, CheckpointIndex checkpoints, CheckpointCreator creator, Restorer restorer,
               Drafts drafts) {
        this.ctx = ctx;
        this.checkpoints = checkpoints;
        this.creator = creator;
        this.restorer = restorer;
        this.drafts = drafts;
    }

    void reconcileAll() {
        List<Path> entries = deleteWorkbenchTemps(false);
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (FsUtil.isTempName(name) || !Ulid.isValid(name) || !FsUtil.isDirectory(p)) {
                continue;
            }
            reconcileOne(name);
        }
    }

    /**
     * Deletes the half-created or half-deleted Workbench folders ({@code .<id>.tmp-*} under {@code workbenches/}),
     * on the cleanup thread when {@code background}; returns the folder's entries as listed (empty if unlistable).
     */
    List<Path> deleteWorkbenchTemps(boolean background) {
        List<Path> entries;
        try {
            entries = FsUtil.list(ctx.workbenches);
        } catch (IOException e) {
            ctx.log.warn("reconcile_unlistable", Map.of("exception", e.getClass().getSimpleName()));
            return List.of();
        }
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (!FsUtil.isTempName(name)) {
                continue;
            }
            Runnable failed = () -> ctx.log.warn("reconcile_temp_delete_failed", Map.of("folder", name));
            if (background) {
                ctx.cleanup.delete(BackgroundCleanup.ENGINE, p, failed);
            } else if (!FsUtil.deleteTreeQuietly(p)) {
                failed.run();
            }
        }
        return entries;
    }

    /** Reconciles one Workbench if its folder exists; failures are logged, never thrown (false then). */
    boolean reconcileOne(String workbenchId) {
        Path p = ctx.workbenches.resolve(workbenchId);
        if (!FsUtil.isDirectory(p)) {
            return true;
        }
        try {
            reconcile(new WorkbenchDir(workbenchId, p));
            return true;
        } catch (IOException | RuntimeException e) {
            ctx.log.warn("reconcile_failed", Map.of("workbench_id", workbenchId,
                    "exception", e.getClass().getSimpleName()));
            return false;
        }
    }

    void reconcile(WorkbenchDir d) throws IOException {
        if (!FsUtil.exists(d.workbenchJson()) && !FsUtil.exists(d.meta("workbench.json.prev"))) {
            ctx.log.warn("workbench_unreadable", Map.of("workbench_id", d.id()));
            return;
        }
        ctx.forget(d.id());
        checkpoints.forget(d.id());
        // a clean marker names a state this reconciliation may change: it never outlives it
        FsUtil.deleteIfExists(d.meta(CleanMarker.NAME));
        ContentStore store = ctx.store(d);

        if (FsUtil.exists(d.restoreMarker())) {
            recoverRestore(d);
        }
        if (FsUtil.exists(d.publishMarker())) {
            recoverPublish(d);
        }
        for (Path p : FsUtil.list(d.root())) {
            String name = p.getFileName().toString();
            if (name.startsWith("draft.") && name.endsWith(".staging")) {
                FsUtil.deleteTree(p);
            }
        }
        cleanTransient(d);
        deleteOrphanCheckpointFolders(d);
        deleteOrphanDraft(d);
        if (!FsUtil.exists(d.published())) {
            Files.createDirectories(d.published());
        }

        List<FileEntry> entries;
        try {
            ctx.dropCachedManifest(d.id());
            entries = ctx.manifest(d, PHASE);
        } catch (TrestleException e) {
            if (!ManifestRebuild.chunksLost(ctx, d, PHASE)) {
                ctx.log.warn("reconcile_manifest_unreadable", Map.of("workbench_id", d.id(),
                        "error_code", e.info().errorCode().name()));
                return;
            }
            // the root is fine but its chunks are gone: Published itself is the truth
            entries = ManifestRebuild.rebuild(ctx, d);
        }
        entries = repairManifest(d, entries);
        store.deleteTemps();
        store.invalidate();
        reingest(d, entries, store);

        List<String> broken = checkpoints.nonRestorable(d);
        if (!broken.isEmpty()) {
            ctx.log.warn("checkpoints_not_restorable", Map.of("workbench_id", d.id(), "checkpoint_ids", broken));
        }
        creator.retainAndCollect(d);
    }

    // ------------------------------------------------------------------ row: restore.json

    private void recoverRestore(WorkbenchDir d) throws IOException {
        String checkpointId = null;
        String preId = null;
        try {
            Optional<ObjectNode> marker = Codec.read(d.restoreMarker(), Integer.MAX_VALUE, PHASE);
            Optional<RestoreJournal.Plan> plan = marker.flatMap(RestoreJournal::decode);
            if (plan.isPresent() && replay(d, plan.get())) {
                return;
            }
            if (marker.isPresent()) {
                checkpointId = Json.text(marker.get(), "checkpoint_id");
                preId = Json.text(marker.get(), "pre_restore_checkpoint_id");
            }
        } catch (TrestleException e) {
            ctx.log.warn("restore_marker_unreadable", Map.of("workbench_id", d.id()));
        }
        boolean viaCheckpoint = false;
        if (Ulid.isValid(preId)) {
            try {
                StoreContext.Published m = restorer.entries(d, restorer.readManifest(d, preId));
                RestoreSwap.stage(ctx, d, m.files(), p -> { });
                RestoreMeta.stageSnapshot(d, preId, m.chunks());
                if (FsUtil.exists(d.published())) {
                    FsUtil.deleteTree(d.publishedPrev());
                    ctx.ops.rename(d.published(), d.publishedPrev());
                }
                ctx.ops.rename(d.publishedRestoreTmp(), d.published());
                for (String name : WorkbenchDir.SWAPPED_META) {
                    Path current = d.meta(name);
                    if (FsUtil.exists(current)) {
                        ctx.ops.replace(current, d.meta(name + ".prev"));
                    }
                    ctx.ops.replace(d.metaRestoreTmp().resolve(name), current);
                }
                viaCheckpoint = true;
            } catch (IOException | RuntimeException e) {
                ctx.log.warn("restore_recovery_via_checkpoint_failed", Map.of("workbench_id", d.id(),
                        "exception", e.getClass().getSimpleName()));
            }
        }
        if (!viaCheckpoint) {
            // fall back to the originals kept aside by the interrupted restore
            if (FsUtil.exists(d.publishedPrev())) {
                FsUtil.deleteTree(d.published());
                ctx.ops.rename(d.publishedPrev(), d.published());
            }
            for (String name : WorkbenchDir.SWAPPED_META) {
                Path prev = d.meta(name + ".prev");
                if (FsUtil.exists(prev)) {
                    ctx.ops.replace(prev, d.meta(name));
                }
            }
        }
        restorer.cleanAfterSwap(d);
        FsUtil.deleteIfExists(d.restoreMarker());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("checkpoint_id", checkpointId == null ? "" : checkpointId);
        meta.put("pre_restore_checkpoint_id", preId == null ? "" : preId);
        meta.put("method", viaCheckpoint ? "pre_restore_checkpoint" : "prev_files");
        ctx.event(d, "restore_recovered", null, meta);
    }

    /**
     * Completes an interrupted restore in its journal's direction (§9): the differing entries and the meta files of
     * that state are placed again (idempotent), then the staging and the journal go. False when it cannot be replayed
     * (the caller falls back to the pre-restore checkpoint).
     */
    private boolean replay(WorkbenchDir d, RestoreJournal.Plan plan) {
        try {
            RestoreJournal.apply(ctx, d, plan, p -> { });
            RestoreJournal.finish(ctx, d);
        } catch (IOException | RuntimeException e) {
            ctx.log.warn("restore_replay_failed", Map.of("workbench_id", d.id(),
                    "exception", e.getClass().getSimpleName()));
            return false;
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("checkpoint_id", plan.checkpointId() == null ? "" : plan.checkpointId());
        meta.put("pre_restore_checkpoint_id", plan.preRestoreId() == null ? "" : plan.preRestoreId());
        meta.put("method", RestoreJournal.FORWARD.equals(plan.direction()) ? "rolled_forward" : "rolled_back");
        ctx.event(d, "restore_recovered", null, meta);
        return true;
    }

    // ------------------------------------------------------------------ row: publish.json

    private void recoverPublish(WorkbenchDir d) throws IOException {
        boolean published = FsUtil.exists(d.published());
        boolean prev = FsUtil.exists(d.publishedPrev());
        boolean draftDir = FsUtil.exists(d.draft());
        String state;
        if (!published && prev) {
            ctx.ops.rename(d.publishedPrev(), d.published());
            state = "rolled_back";
        } else if (published && !draftDir) {
            Optional<DraftInfo> draft = Optional.empty();
            try {
                draft = drafts.readDraft(d, PHASE);
            } catch (TrestleException e) {
                ctx.log.warn("draft_unreadable", Map.of("workbench_id", d.id()));
            }
            Instant now = ctx.clock.now();
            if (draft.isPresent()) {
                ctx.dropCachedManifest(d.id());
                List<FileEntry> before = ctx.manifest(d, PHASE);
                ContentStore store = ctx.store(d);
                Map<String, FsUtil.Hashed> hashes = new HashMap<>();
                for (String name : draft.get().written()) {
                    Path f = d.published().resolve(name);
                    if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        FsUtil.Hashed h = store.ingestFile(f);
                        store.link(h.sha256(), d.published(), name);
                        hashes.put(name, h);
                    }
                }
                ctx.writeManifest(d, Drafts.merged(before, draft.get().written(), hashes, now));
            }
            drafts.finishPublish(d, now);
            state = "completed";
        } else {
            state = "not_started";
        }
        FsUtil.deleteIfExists(d.publishMarker());
        ctx.event(d, "publish_recovered", null, Map.of("state", state));
    }

    // ------------------------------------------------------------------ rows: transient leftovers

    private void cleanTransient(WorkbenchDir d) throws IOException {
        if (FsUtil.exists(d.publishedPrev())) {
            if (FsUtil.exists(d.published())) {
                FsUtil.deleteTree(d.publishedPrev());
            } else {
                ctx.ops.rename(d.publishedPrev(), d.published());
            }
        }
        FsUtil.deleteTree(d.publishedRestoreTmp());
        FsUtil.deleteTree(d.metaRestoreTmp());
        for (Path p : FsUtil.list(d.meta())) {
            String name = p.getFileName().toString();
            if (name.endsWith(".prev")) {
                Path target = d.meta(name.substring(0, name.length() - 5));
                if (FsUtil.exists(target)) {
                    FsUtil.deleteTree(p);
                } else {
                    ctx.ops.rename(p, target);
                }
            }
        }
        for (Path p : FsUtil.list(d.root())) {
            if (RestoreSwap.isAsideName(p.getFileName().toString())) {
                // the old tree of a restore by swap, maybe large: deleted off the path of the first request
                ctx.cleanup.delete(d.id(), p, () -> ctx.log.warn("restore_cleanup_incomplete",
                        Map.of("workbench_id", d.id())));
            }
        }
        deleteTemps(d.root(), d.objects(), d.root());
    }

    /**
     * Deletes {@code .*.tmp-*} entries anywhere in the Workbench except the object store (own row) and the old trees
     * of swaps directly in it (handed to the cleanup thread).
     */
    private void deleteTemps(Path dir, Path skip, Path root) throws IOException {
        for (Path p : FsUtil.list(dir)) {
            String name = p.getFileName().toString();
            if (p.equals(skip) || dir.equals(root) && RestoreSwap.isAsideName(name)) {
                continue;
            }
            if (FsUtil.isTempName(name)) {
                FsUtil.deleteTree(p);
            } else if (FsUtil.isDirectory(p)) {
                deleteTemps(p, skip, root);
            }
        }
    }

    private void deleteOrphanCheckpointFolders(WorkbenchDir d) throws IOException {
        for (Path p : FsUtil.list(d.checkpoints())) {
            String name = p.getFileName().toString();
            if (Ulid.isValid(name) && FsUtil.isDirectory(p) && !FsUtil.exists(d.manifest(name))) {
                FsUtil.deleteTree(p);
                ctx.log.info("checkpoint_orphan_deleted", Map.of("workbench_id", d.id(), "checkpoint_id", name));
            }
        }
    }

    private void deleteOrphanDraft(WorkbenchDir d) throws IOException {
        boolean dir = FsUtil.exists(d.draft());
        boolean json = FsUtil.exists(d.draftJson());
        if (dir && !json) {
            FsUtil.deleteTree(d.draft());
            ctx.log.info("draft_orphan_deleted", Map.of("workbench_id", d.id(), "kept", "none"));
        } else if (json && !dir) {
            FsUtil.deleteIfExists(d.draftJson());
            ctx.log.info("draft_orphan_deleted", Map.of("workbench_id", d.id(), "kept", "none"));
        }
    }

    // ------------------------------------------------------------------ row: published ≠ files.json

    private List<FileEntry> repairManifest(WorkbenchDir d, List<FileEntry> entries) throws IOException {
        Set<String> listed = new HashSet<>();
        entries.forEach(e -> listed.add(e.path()));
        List<String> removedFiles = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (Path p : FsUtil.list(d.published())) {
            String name = p.getFileName().toString();
            boolean regular = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
            if (!regular || !listed.contains(name)) {
                FsUtil.deleteTree(p);
                removedFiles.add(name);
            } else {
                present.add(name);
            }
        }
        List<FileEntry> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (FileEntry e : entries) {
            if (present.contains(e.path())) {
                kept.add(e);
            } else {
                dropped.add(e.path());
            }
        }
        if (!removedFiles.isEmpty() || !dropped.isEmpty()) {
            ctx.writeManifest(d, kept);
            ctx.event(d, "manifest_repaired", null, Map.of("deleted_files", removedFiles.size(),
                    "dropped_entries", dropped.size()));
        }
        return kept;
    }

    // ------------------------------------------------------------------ row: re-ingest

    private void reingest(WorkbenchDir d, List<FileEntry> entries, ContentStore store) throws IOException {
        int reingested = 0;
        int updated = 0;
        List<FileEntry> next = new ArrayList<>(entries.size());
        for (FileEntry e : entries) {
            if (store.contains(e.sha256())) {
                next.add(e);
                continue;
            }
            Path file = d.published().resolve(e.path());
            FsUtil.Hashed h = store.ingestFile(file);
            store.link(h.sha256(), d.published(), e.path());
            reingested++;
            if (!h.sha256().equals(e.sha256()) || h.size() != e.size()) {
                updated++;
                next.add(new FileEntry(e.path(), h.size(), h.sha256(), e.modifiedAt(), e.addedAt(), e.fileKind(),
                        e.mimeType()));
            } else {
                next.add(e);
            }
        }
        if (updated > 0) {
            ctx.writeManifest(d, next);
            ctx.event(d, "manifest_repaired", null, Map.of("rehashed_entries", updated));
        }
        if (reingested > 0) {
            ctx.log.info("store_reingested", Map.of("workbench_id", d.id(), "files", reingested));
        }
    }
}
