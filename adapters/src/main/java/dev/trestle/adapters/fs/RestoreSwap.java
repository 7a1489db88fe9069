package dev.trestle.adapters.fs;

import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.domain.model.FileEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A restore by swap ({@code storage.md} §8, decision 37): when most of the tree differs, the target tree is built in
 * {@code published.restore_tmp/} (fresh links, no temp + rename per entry) before the journal, and the journal
 * (version 4) names only the swap: {@code published/} is renamed aside to {@code .published.tmp-<random>} (a transient
 * name nothing else uses, deleted off the request path after the answer and by §9 at startup), the staging is renamed
 * to {@code published/}, then the meta files are placed as by a diff journal.
 *
 * <p>The two renames pass through three states, told apart by which of the three folders exist, so every step can be
 * repeated in either direction: S0 {@code published} + staging (before), S1 aside + staging, S2 {@code published} +
 * aside (after). Forward goes S0 → S1 → S2, backward S2 → S1 (the new tree renamed back to the staging) → S0; the
 * staging left after a backward replay is deleted like any staging.
 */
final class RestoreSwap {
    /** The share of the target's entries a swap's operations must reach ({@link #chosen}). */
    static final int MIN_SHARE_PERCENT = 50;
    /**
     * Threads that stat and link the staged entries when there are many: the links into one folder serialize in the
     * kernel, but the stats and the JVM's own work overlap (10 000 entries: 1 thread ~190 ms, 2 ~140, 4 ~135).
     */
    static final int STAGE_THREADS = 4;
    private static final String ASIDE_PREFIX = "." + WorkbenchDir.PUBLISHED + ".tmp-";

    private RestoreSwap() {
    }

    /**
     * Whether a restore whose diff names {@code ops} operations, to a target of {@code entries}, swaps: it needs at
     * least {@code minOps} entries linked or removed ({@link StoreContext.Tuning#swapMinOps}, 1 000 in production),
     * and they must be at least {@link #MIN_SHARE_PERCENT} percent of the target's entries: staging costs about half
     * as much per entry as a temp link + rename, but it links every entry, so below half the tree the diff is as fast
     * or faster (decision 37 has the figures).
     */
    static boolean chosen(int minOps, int ops, int entries) {
        return ops >= minOps && ops * 100L >= (long) MIN_SHARE_PERCENT * entries;
    }

    static String newAsideName() {
        return AtomicFiles.tempName(WorkbenchDir.PUBLISHED, FsUtil.random());
    }

    static boolean isAsideName(String name) {
        return name != null && name.startsWith(ASIDE_PREFIX) && name.length() > ASIDE_PREFIX.length()
                && name.substring(ASIDE_PREFIX.length()).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /**
     * Before the journal: links every entry of the target into a fresh {@code published.restore_tmp/}, each object
     * checked by stat first ({@code object_missing}, {@code object_corrupt}), reporting 10–100 to {@code percent} in
     * steps of ten from the caller's thread; then the staging and the Workbench folder (its entry) are synced. On any
     * failure the caller deletes the staging: nothing else has changed.
     */
    static void stage(StoreContext ctx, WorkbenchDir d, List<FileEntry> files, IntConsumer percent) throws IOException {
        Path tmp = d.publishedRestoreTmp();
        FsUtil.deleteTree(tmp);
        Files.createDirectories(tmp);
        ContentStore store = ctx.store(d);
        for (FileEntry f : files) {
            if (!store.contains(f.sha256())) {
                throw Restorer.restoreFailed("object_missing", null);
            }
        }
        int total = files.size();
        AtomicInteger done = new AtomicInteger();
        int[] last = {0};
        Thread caller = Thread.currentThread();
        String[] problem = new String[1];
        Exception[] failure = new Exception[1];
        FsUtil.parallelFor(total, total >= RestoreJournal.PARALLEL_OPS ? STAGE_THREADS : 1, i -> {
            synchronized (problem) {
                if (problem[0] != null || failure[0] != null) {
                    return;
                }
            }
            FileEntry f = files.get(i);
            long size = store.statSize(f.sha256());
            String p = size < 0 ? "object_missing" : size != f.size() ? "object_corrupt" : null;
            try {
                if (p == null) {
                    store.linkIntoFresh(f.sha256(), tmp, f.path());
                }
            } catch (IOException | RuntimeException e) {
                synchronized (problem) {
                    failure[0] = failure[0] == null ? e : failure[0];
                }
                return;
            }
            if (p != null) {
                synchronized (problem) {
                    problem[0] = problem[0] == null ? p : problem[0];
                }
                return;
            }
            int n = done.incrementAndGet();
            if (Thread.currentThread() == caller) {
                int pc = (int) ((n * 100L) / total);
                if (pc >= last[0] + 10) {
                    last[0] = pc - pc % 10;
                    percent.accept(last[0]);
                }
            }
        });
        if (problem[0] != null) {
            throw Restorer.restoreFailed(problem[0], null);
        }
        if (failure[0] instanceof IOException e) {
            throw e;
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (last[0] < 100) {
            percent.accept(100);
        }
        // the staging's entries and its own entry in the Workbench folder, both durable before the journal names them
        syncTogether(tmp, d.root());
    }

    /**
     * Applies a swap journal in its direction (each step skipped when its state is already reached), then places
     * the meta files of that state and syncs {@code meta/}. Throws when the folders match none of S0–S2.
     */
    static void apply(StoreContext ctx, WorkbenchDir d, RestoreJournal.Plan plan) throws IOException {
        Path published = d.published();
        Path staging = d.publishedRestoreTmp();
        Path aside = d.root().resolve(plan.aside());
        if (RestoreJournal.FORWARD.equals(plan.direction())) {
            if (FsUtil.exists(staging)) {
                if (FsUtil.exists(published)) {
                    requireAbsent(aside);
                    ctx.ops.rename(published, aside);
                }
                ctx.ops.rename(staging, published);
            } else if (!FsUtil.exists(published) || !FsUtil.exists(aside)) {
                throw new IOException("restore swap: neither staged nor swapped");
            }
            // the two renames become durable with the new meta files' bytes
            plan.meta().placeForward(ctx, d, plan.checkpointId(), d.root());
        } else {
            if (FsUtil.exists(aside)) {
                if (FsUtil.exists(published)) {
                    requireAbsent(staging);
                    ctx.ops.rename(published, staging);
                }
                ctx.ops.rename(aside, published);
            } else if (!FsUtil.exists(published)) {
                throw new IOException("restore swap: no tree to roll back to");
            }
            AtomicFiles.fsyncDirectory(d.root());
            plan.meta().placeBackward(ctx, d);
        }
        AtomicFiles.fsyncDirectory(d.meta());
    }

    private static void requireAbsent(Path p) throws IOException {
        if (FsUtil.exists(p)) {
            throw new IOException("restore swap: " + p.getFileName() + " in the way");
        }
    }

    private static void syncTogether(Path a, Path b) {
        Path[] dirs = {a, b};
        FsUtil.parallelFor(2, 2, i -> AtomicFiles.fsyncDirectory(dirs[i]));
    }
}
