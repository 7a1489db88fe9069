package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.WorkbenchInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation on first use ({@link FileSystemWorkbenchStore#reconcileOnFirstUse()}) and the restore's background
 * deletion of the old Published tree: same outcomes as the eager start, crash safety unchanged.
 */
abstract class LazyStartContract extends StoreTestBase {
    String w;
    String c1;
    Map<String, String> beforeRestore;

    /** A Workbench left by a crash in the middle of a restore swap (marker written, meta partly swapped). */
    void crashedRestore(String name) throws Exception {
        w = newWorkbench();
        addOk(w, source("notes.txt", "old notes"), source("data.csv", "1,2"));
        c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        addOk(w, source("third.txt", "third"));
        beforeRestore = state(w);
        String pre = store.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "Before restore").checkpointId();
        Files.writeString(meta(w, "restore.json"), "{\"checkpoint_id\":\"" + c1
                + "\",\"pre_restore_checkpoint_id\":\"" + pre + "\",\"created_at\":\"2026-03-01T10:00:00.000Z\"}");
        Files.move(published(w), wb(w).resolve("published.prev"));
        Files.createDirectories(wb(w).resolve("published.restore_tmp"));
        Files.move(meta(w, "workbench.json"), meta(w, "workbench.json.prev"));
        Files.writeString(meta(w, "workbench.json"), text(meta(w, "workbench.json.prev"))
                .replace("\"Analysis\"", "\"" + name + "\""));
    }

    FileSystemWorkbenchStore lazyRestart() {
        store.awaitIdle();
        store = newStore();
        store.reconcileOnFirstUse();
        return store;
    }

    @Test
    void a_lazy_start_touches_nothing_until_the_workbench_is_first_used_then_repairs_it() throws Exception {
        crashedRestore("Analysis");

        lazyRestart();

        assertThat(names(meta(w, ""))).contains("restore.json", "workbench.json.prev");
        assertThat(store.published().manifest(w)).hasSize(3);
        assertThat(state(w)).isEqualTo(beforeRestore);
        assertThat(names(wb(w))).containsExactly("meta", "published");
        assertThat(names(meta(w, ""))).doesNotContain("restore.json", "workbench.json.prev");
        assertThat(workbenchEventKinds(w)).containsOnlyOnce("restore_recovered");
    }

    @Test
    void listing_reconciles_first_a_workbench_whose_restore_rollback_rewrites_workbench_json() throws Exception {
        crashedRestore("Half restored");
        String clean = newWorkbench();
        Files.createDirectories(wb(clean).resolve("published.restore_tmp"));

        lazyRestart();
        List<WorkbenchInfo> listed = store.catalog().list();

        assertThat(listed).extracting(WorkbenchInfo::id).containsExactlyInAnyOrder(w, clean);
        assertThat(listed).extracting(WorkbenchInfo::name).containsOnly("Analysis");
        assertThat(names(meta(w, ""))).doesNotContain("restore.json", "workbench.json.prev");
        // a Workbench without markers is not reconciled by a listing, only by its first use
        assertThat(names(wb(clean))).contains("published.restore_tmp");
        store.published().manifest(clean);
        assertThat(names(wb(clean))).doesNotContain("published.restore_tmp");
    }

    @Test
    void listing_and_draft_presence_do_not_reconcile_a_workbench_without_crash_markers() throws Exception {
        w = newWorkbench();
        addOk(w, source("notes.txt", "old notes"));
        Files.createDirectories(wb(w).resolve("published.restore_tmp"));
        String orphan = newWorkbench();
        Files.createDirectories(wb(orphan).resolve("draft"));

        lazyRestart();

        assertThat(store.catalog().list()).extracting(WorkbenchInfo::id).containsExactlyInAnyOrder(w, orphan);
        assertThat(store.drafts().draft(w)).isEmpty();
        assertThat(names(wb(w))).contains("published.restore_tmp");
        // an orphan draft/ (no draft.json) is reconciled by the listing: the answer would change otherwise
        assertThat(names(wb(orphan))).doesNotContain("draft");
        assertThat(store.drafts().draft(orphan)).isEmpty();
    }

    @Test
    void two_first_calls_at_once_reconcile_the_workbench_once() throws Exception {
        crashedRestore("Analysis");
        lazyRestart();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return store.published().manifest(w).size();
            }));
        }
        go.countDown();
        for (CompletableFuture<Integer> c : calls) {
            assertThat(c.get(30, TimeUnit.SECONDS)).isEqualTo(3);
        }
        assertThat(workbenchEventKinds(w)).containsOnlyOnce("restore_recovered");
        assertThat(state(w)).isEqualTo(beforeRestore);
    }

    @Test
    void a_crash_before_the_background_delete_leaves_only_a_leftover_that_startup_removes() throws Exception {
        ConcurrentLinkedQueue<Runnable> neverRun = new ConcurrentLinkedQueue<>();
        store = new FileSystemWorkbenchStore(dataDir, clock, ids, log, ops, new BackgroundCleanup(neverRun::add));
        w = newWorkbench();
        addOk(w, source("notes.txt", "old notes"), source("data.csv", "1,2"));
        c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        addOk(w, source("third.txt", "third"));
        String pre = store.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "Before restore").checkpointId();

        store.checkpoints().restore(w, c1, pre, p -> { });
        Map<String, String> restored = state(w);

        assertThat(neverRun).hasSize(1);
        List<String> root = names(wb(w));
        assertThat(root).hasSize(3).contains("meta", "published")
                .anyMatch(n -> n.startsWith(".published.prev.tmp-"));
        assertThat(names(meta(w, ""))).doesNotContain("restore.json");
        assertThat(names(published(w))).containsExactlyInAnyOrder("notes.txt", "data.csv");

        // the process dies here: the queued delete never runs
        store = newStore();
        store.reconcileOnFirstUse();
        assertThat(store.published().manifest(w)).hasSize(2);

        assertThat(names(wb(w))).containsExactly("meta", "published");
        assertThat(state(w)).isEqualTo(restored);
        assertThat(workbenchEventKinds(w)).doesNotContain("restore_recovered");
    }

    @Test
    void restore_leaves_no_old_tree_once_the_store_is_idle() throws Exception {
        w = newWorkbench();
        addOk(w, source("notes.txt", "old notes"));
        c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        addOk(w, source("third.txt", "third"));
        String pre = store.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "Before restore").checkpointId();

        store.checkpoints().restore(w, c1, pre, p -> { });
        store.awaitIdle();

        assertThat(names(wb(w))).containsExactly("meta", "published");
        assertThat(log.events).doesNotContain("restore_cleanup_incomplete");
    }

    @Test
    void deleting_a_workbench_waits_for_its_pending_cleanup() throws Exception {
        ConcurrentLinkedQueue<Runnable> queued = new ConcurrentLinkedQueue<>();
        store = new FileSystemWorkbenchStore(dataDir, clock, ids, log, ops, new BackgroundCleanup(queued::add));
        w = newWorkbench();
        addOk(w, source("notes.txt", "old notes"));
        c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        addOk(w, source("third.txt", "third"));
        String pre = store.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "Before restore").checkpointId();
        store.checkpoints().restore(w, c1, pre, p -> { });
        List<List<String>> rootAtDeleteRename = new CopyOnWriteArrayList<>();
        Path workbenchRoot = wb(w);
        ops.failRename = (from, to) -> {
            if (from.equals(workbenchRoot)) {
                try {
                    rootAtDeleteRename.add(names(workbenchRoot));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return false;
        };

        Thread deleter = new Thread(() -> store.catalog().delete(w), "deleter");
        deleter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (deleter.getState() != Thread.State.WAITING && deleter.isAlive()) {
            assertThat(System.nanoTime()).as("the deleter waits for the queued cleanup in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(Files.exists(workbenchRoot)).isTrue();
        for (Runnable r = queued.poll(); r != null; r = queued.poll()) {
            r.run();
        }
        deleter.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(deleter.isAlive()).isFalse();
        assertThat(rootAtDeleteRename).singleElement().satisfies(
                names -> assertThat(names).noneMatch(n -> n.startsWith(".published.prev.tmp-")));
        assertThat(Files.exists(workbenchRoot)).isFalse();
        assertThat(log.events).doesNotContain("workbench_delete_incomplete", "restore_cleanup_incomplete");
    }
}
