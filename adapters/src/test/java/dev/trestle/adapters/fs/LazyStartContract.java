package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.WorkbenchInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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

    /** Overwrites a checkpoint manifest in place (same inode, folder untouched): only reading it can tell. */
    private void garbleInPlace(java.nio.file.Path file) throws java.io.IOException {
        Files.write(file, "{garbled".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE);
    }

    @Test
    void after_a_clean_stop_the_first_use_does_no_per_checkpoint_work_and_a_crash_brings_reconciliation_back()
            throws Exception {
        lazyRestart();
        w = newWorkbench();
        addOk(w, source("notes.txt", "notes"));
        c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        store.close();
        assertThat(names(meta(w, ""))).contains("clean.json");
        garbleInPlace(meta(w, "checkpoints").resolve(c1 + ".json"));

        // clean stop: the first use reads files.json only and consumes the marker
        lazyRestart();
        log.events.clear();
        assertThat(store.published().manifest(w)).hasSize(1);
        assertThat(log.events).doesNotContain("checkpoint_unreadable");
        assertThat(names(meta(w, ""))).doesNotContain("clean.json");
        // the checkpoints are read when they are asked for
        assertThat(store.checkpoints().list(w).checkpoints()).isEmpty();
        assertThat(log.events).contains("checkpoint_unreadable");

        // the process dies (no close): this Workbench was in use, so the next first use reconciles it
        lazyRestart();
        log.events.clear();
        assertThat(store.published().manifest(w)).hasSize(1);
        assertThat(log.events).contains("checkpoint_unreadable");
    }

    @Test
    void a_clean_marker_is_ignored_when_the_store_changed_while_stopped() throws Exception {
        lazyRestart();
        w = newWorkbench();
        addOk(w, source("notes.txt", "notes"));
        store.close();
        FsUtil.deleteTree(meta(w, "checkpoints").resolve("objects"));

        lazyRestart();
        assertThat(store.published().manifest(w)).hasSize(1);

        assertThat(objects(w)).hasSize(1);
        assertThat(log.events).contains("store_reingested");
    }

    /**
     * {@code meta/chunks/} deleted by hand after a clean stop: the marker no longer matches, and reconciliation
     * rebuilds {@code files.json} from {@code published/} (every file, its content hashed) instead of leaving the
     * Workbench unreadable; its checkpoints, whose chunks went too, are listed as not restorable.
     */
    @Test
    void lost_manifest_chunks_are_rebuilt_from_published() throws Exception {
        lazyRestart();
        w = newWorkbench();
        addOk(w, source("notes.txt", "notes"), source("data.csv", "1,2"));
        c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        store.close();
        FsUtil.deleteTree(meta(w, "chunks"));

        lazyRestart();
        log.events.clear();
        assertThat(store.published().manifest(w)).extracting(dev.trestle.domain.model.FileEntry::path)
                .containsExactly("data.csv", "notes.txt");
        assertThat(log.events).contains("manifest_rebuilt");
        assertThat(names(meta(w, "chunks"))).isNotEmpty();
        assertThat(store.checkpoints().get(w, c1)).get().satisfies(m -> assertThat(m.restorable()).isFalse());
        // and it stays readable across a restart
        lazyRestart();
        assertThat(store.published().manifest(w)).hasSize(2);
    }

    /** One chunk missing after a crash (no clean marker): the same rebuild. */
    @Test
    void a_missing_chunk_after_a_crash_is_rebuilt_from_published() throws Exception {
        lazyRestart();
        w = newWorkbench();
        addOk(w, source("notes.txt", "notes"));
        try (var chunks = Files.list(meta(w, "chunks"))) {
            for (Path c : chunks.toList()) {
                Files.delete(c);
            }
        }

        lazyRestart();
        assertThat(store.published().manifest(w)).extracting(dev.trestle.domain.model.FileEntry::path)
                .containsExactly("notes.txt");
        assertThat(log.events).contains("manifest_rebuilt");
    }

    /** A files.json of a newer version is never rebuilt over (left untouched, the error stands). */
    @Test
    void a_newer_files_json_is_not_rebuilt() throws Exception {
        lazyRestart();
        w = newWorkbench();
        addOk(w, source("notes.txt", "notes"));
        String newer = Files.readString(meta(w, "files.json")).replace("\"schema_version\":3",
                "\"schema_version\":99");
        Files.writeString(meta(w, "files.json"), newer);

        lazyRestart();
        assertThatThrownBy(() -> store.published().manifest(w)).isInstanceOf(
                dev.trestle.domain.model.TrestleException.class);
        assertThat(Files.readString(meta(w, "files.json"))).isEqualTo(newer);
        assertThat(log.events).doesNotContain("manifest_rebuilt");
    }
}
