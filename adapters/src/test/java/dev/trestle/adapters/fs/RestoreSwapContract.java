package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.out.CheckpointStorePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A restore by swap (decision 37, {@code storage.md} §8): the target tree staged in {@code published.restore_tmp/},
 * swapped in under a version-4 journal, the old tree deleted after the answer or at the next start; the diff path
 * kept for small changes. The crash sweep of the swap is in {@link CheckpointContract}.
 */
abstract class RestoreSwapContract extends StoreTestBase {
    static final int FILES = 120;

    String w;
    String c1;
    Map<String, String> target;
    final List<CheckpointStorePort.Progress> phases = new ArrayList<>();
    final List<String> renames = new ArrayList<>();

    @BeforeEach
    void lowerTheThreshold() {
        swapFrom(100);
    }

    /** {@value #FILES} files checkpointed as c1, then every one replaced by a file of another name and content. */
    void everyFileDiffers() throws Exception {
        w = newWorkbench();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            files.add(source("f" + i + ".txt", "content " + i));
        }
        addOk(w, files.toArray(Path[]::new));
        c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        target = published(w, true);
        store.published().remove(w, files.stream().map(p -> p.getFileName().toString()).toList());
        List<Path> others = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            others.add(source("g" + i + ".txt", "other " + i));
        }
        addOk(w, others.toArray(Path[]::new));
        ops.failRename = (from, to) -> {
            renames.add(from.getFileName() + ">" + to.getFileName());
            return false;
        };
    }

    /** The published files by name, with {@code files.json} when {@code withManifest}. */
    Map<String, String> published(String wb, boolean withManifest) throws Exception {
        Map<String, String> out = new TreeMap<>(state(wb));
        out.remove("meta/workbench.json");
        out.remove("meta/workshop_state.json");
        out.remove("meta/conversation.jsonl");
        if (!withManifest) {
            out.remove("meta/files.json");
        }
        return out;
    }

    CheckpointStorePort.Restored restore(FileSystemWorkbenchStore s) {
        String pre = s.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "Before restore").checkpointId();
        return s.checkpoints().restore(w, c1, pre, phases::add);
    }

    List<String> asides() throws Exception {
        return names(wb(w)).stream().filter(n -> n.startsWith(".published.tmp-")).toList();
    }

    @Test
    void a_full_tree_restore_swaps_in_a_byte_identical_tree_and_deletes_the_old_one_after_the_answer()
            throws Exception {
        everyFileDiffers();

        CheckpointStorePort.Restored restored = restore(store);

        assertThat(renames).contains("published.restore_tmp>published").anyMatch(r -> r.startsWith("published>"));
        assertThat(published(w, true)).isEqualTo(target);
        assertThat(FsUtil.isReadOnly(published(w).resolve("f7.txt"))).isTrue();
        assertThat(restored.after()).hasSize(FILES);
        assertThat(restored.before()).extracting(FileEntry::path).contains("g0.txt");
        assertThat(phases).extracting(CheckpointStorePort.Progress::phase).containsSubsequence("staging", "swapping",
                "finalizing").doesNotContain("rolling_back");
        assertThat(phases).filteredOn(p -> p.percent() != null).extracting(CheckpointStorePort.Progress::phase)
                .containsOnly("staging");
        assertThat(phases).filteredOn(p -> p.percent() != null).extracting(CheckpointStorePort.Progress::percent)
                .startsWith(0).contains(50).endsWith(100).isSorted();
        store.awaitIdle();
        assertThat(asides()).isEmpty();
        assertThat(names(wb(w))).doesNotContain("published.restore_tmp", "published.prev");
        assertThat(names(wb(w).resolve("meta"))).doesNotContain("restore.json", "restore_tmp")
                .noneMatch(n -> n.endsWith(".prev"));
        assertThat(newStore().published().manifest(w)).isEqualTo(restored.after());
        assertThat(restart().published().manifest(w)).isEqualTo(restored.after());
        assertThat(published(w, true)).isEqualTo(target);
    }

    /** A crash after the answer, before the cleanup thread ran: the next start deletes the old tree. */
    @Test
    void an_old_tree_left_by_a_crash_before_its_cleanup_is_deleted_at_the_next_start() throws Exception {
        everyFileDiffers();
        List<Runnable> held = new ArrayList<>();
        FileSystemWorkbenchStore holding = new FileSystemWorkbenchStore(dataDir, clock, ids, log, ops,
                new BackgroundCleanup(held::add), tuning);
        try {
            restore(holding);
            assertThat(asides()).hasSize(1);
            assertThat(names(wb(w).resolve(asides().get(0)))).hasSize(FILES).allMatch(n -> n.startsWith("g"));

            restart();
            store.awaitIdle();

            assertThat(asides()).isEmpty();
            assertThat(published(w, true)).isEqualTo(target);
        } finally {
            held.forEach(Runnable::run);
            holding.close();
        }
    }

    @Test
    void a_missing_object_fails_the_swap_before_its_journal_and_changes_nothing() throws Exception {
        everyFileDiffers();
        String sha = store.checkpoints().files(w, c1).orElseThrow().get(FILES - 1).sha256();
        Files.delete(objectPath(w, sha));
        FileSystemWorkbenchStore fresh = restart();
        Map<String, String> before = state(w);

        assertThatThrownBy(() -> restore(fresh)).isInstanceOfSatisfying(TrestleException.class, e -> {
            assertThat(e.info().errorCode()).isEqualTo(ErrorCode.CHECKPOINT_RESTORE_FAILED);
            assertThat(e.info().detail()).isEqualTo("object_missing");
        });

        assertThat(state(w)).isEqualTo(before);
        assertThat(renames).noneMatch(r -> r.endsWith(">published") || r.endsWith(">restore.json"));
        assertThat(names(wb(w))).doesNotContain("published.restore_tmp");
        assertThat(asides()).isEmpty();
        assertThat(names(wb(w).resolve("meta"))).doesNotContain("restore.json").noneMatch(n -> n.endsWith(".prev"));
    }

    @Test
    void a_corrupt_object_fails_the_swap_with_object_corrupt_and_changes_nothing() throws Exception {
        everyFileDiffers();
        String sha = store.checkpoints().files(w, c1).orElseThrow().get(3).sha256();
        Files.delete(objectPath(w, sha));
        Files.writeString(objectPath(w, sha), "short");
        FileSystemWorkbenchStore fresh = newStore();
        Map<String, String> before = state(w);

        assertThatThrownBy(() -> restore(fresh)).isInstanceOfSatisfying(TrestleException.class, e ->
                assertThat(e.info().detail()).isEqualTo("object_corrupt"));

        assertThat(state(w)).isEqualTo(before);
        assertThat(names(wb(w))).doesNotContain("published.restore_tmp");
    }

    /** A rename of the swap fails after the journal: rolled back in process to the tree before, nothing left. */
    @Test
    void a_failed_swap_rename_rolls_back_byte_identical() throws Exception {
        everyFileDiffers();
        Map<String, String> before = state(w);
        ops.failRenameOnceOf("published.restore_tmp", "published");

        assertThatThrownBy(() -> restore(store)).isInstanceOf(TrestleException.class);

        assertThat(state(w)).isEqualTo(before);
        assertThat(phases).extracting(CheckpointStorePort.Progress::phase).endsWith("rolling_back");
        store.awaitIdle();
        assertThat(asides()).isEmpty();
        assertThat(names(wb(w))).doesNotContain("published.restore_tmp");
        assertThat(names(wb(w).resolve("meta"))).doesNotContain("restore.json").noneMatch(n -> n.endsWith(".prev"));
        assertThat(restart().published().manifest(w)).extracting(FileEntry::path).contains("g0.txt");
    }

    /** One file of many differs: the diff path, no operation on the unchanged entries, no swap. */
    @Test
    void a_one_file_restore_keeps_the_diff_path() throws Exception {
        swapFrom(1);
        w = newWorkbench();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            files.add(source("f" + i + ".txt", "content " + i));
        }
        addOk(w, files.toArray(Path[]::new));
        c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        target = published(w, true);
        store.published().remove(w, List.of("f3.txt"));
        addOk(w, source("f3.txt", "changed"));
        List<String> touched = new ArrayList<>();
        ops.failRename = (from, to) -> {
            touched.add(to.getFileName().toString());
            return false;
        };

        restore(store);

        assertThat(touched).contains("f3.txt").doesNotContain("published", "f1.txt");
        assertThat(published(w, true)).isEqualTo(target);
        assertThat(asides()).isEmpty();
    }

    @Test
    void the_threshold_asks_for_enough_operations_and_a_large_enough_share_of_the_target() {
        int minOps = StoreContext.Tuning.DEFAULT.swapMinOps();
        assertThat(minOps).isEqualTo(1_000);
        assertThat(RestoreSwap.chosen(minOps, 20_000, 10_000)).isTrue();
        assertThat(RestoreSwap.chosen(minOps, 999, 999)).isFalse();
        assertThat(RestoreSwap.chosen(minOps, 1_000, 10_000)).isFalse();
        assertThat(RestoreSwap.chosen(minOps, 5_000, 10_000)).isTrue();
        assertThat(RestoreSwap.chosen(100, 100, 200)).isTrue();
        assertThat(RestoreSwap.chosen(100, 99, 99)).isFalse();
        assertThat(RestoreSwap.isAsideName(RestoreSwap.newAsideName())).isTrue();
        assertThat(RestoreSwap.isAsideName("published.prev")).isFalse();
        assertThat(RestoreSwap.isAsideName(".published.tmp-../x")).isFalse();
    }
}
