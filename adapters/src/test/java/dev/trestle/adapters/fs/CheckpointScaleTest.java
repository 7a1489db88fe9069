package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint of 10 000 Published entries on Jimfs writes its manifest and small meta files only: no object is
 * created or rewritten and {@code published/} is untouched. Its duration is a benchmark's business
 * ({@code benchmarks/}), not asserted here.
 */
class CheckpointScaleTest extends StoreTestBase {
    @Override
    Fs fs() {
        return Fs.JIMFS;
    }

    @Test
    void a_checkpoint_of_ten_thousand_entries_is_a_manifest_write() throws Exception {
        String w = newWorkbench();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Path p = source("f" + i + ".txt", "content of file " + i);
            paths.add(p.toString());
        }
        store.published().add(w, paths, new Limits(20_000, 1024));

        Map<String, String> before = tree(wb(w));
        CheckpointMetadata c = store.checkpoints().create(w, CheckpointReason.MANUAL, "big");
        Map<String, String> after = tree(wb(w));

        List<String> written = after.entrySet().stream()
                .filter(e -> !e.getValue().equals(before.get(e.getKey()))).map(Map.Entry::getKey).toList();
        assertThat(written).as("files the checkpoint wrote").isNotEmpty().noneMatch(p -> p.contains("objects/"))
                .noneMatch(p -> p.startsWith("published/"))
                .anyMatch(p -> p.contains(c.checkpointId()));
        assertThat(before.keySet()).as("nothing removed").isSubsetOf(after.keySet());
        assertThat(written.size()).as("a manifest and a few meta files, not one file per entry").isLessThan(20);
        assertThat(c.files()).isEqualTo(10_000);
        assertThat(c.restorable()).isTrue();
        assertThat(store.checkpoints().list(w).store().objects()).isEqualTo(10_000);
    }

    /**
     * A restore of 10 000 entries where one file differs reports as possibly differing only the entries of the one
     * chunk that changed (so the caller's change list is O(change)), and writes nothing in {@code published/} but
     * that file.
     */
    @Test
    void a_restore_where_one_file_differs_names_only_the_entries_of_the_differing_chunk() throws Exception {
        String w = newWorkbench();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            paths.add(source("f" + i + ".txt", "content of file " + i).toString());
        }
        store.published().add(w, paths, new Limits(20_000, 1024));
        String target = store.checkpoints().create(w, CheckpointReason.MANUAL, "big").checkpointId();
        store.published().remove(w, List.of("f5000.txt"));
        store.published().add(w, List.of(source("f5000.txt", "changed").toString()), new Limits(20_000, 1024));
        String pre = store.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "pre").checkpointId();
        Map<String, String> before = tree(wb(w).resolve("published"));

        dev.trestle.domain.port.out.CheckpointStorePort.Restored r =
                store.checkpoints().restore(w, target, pre, p -> { });

        assertThat(r.before()).hasSize(10_000);
        assertThat(r.after()).hasSize(10_000);
        assertThat(r.beforeDiffering()).hasSizeBetween(1, ChunkStore.MAX_ENTRIES * 2)
                .extracting(dev.trestle.domain.model.FileEntry::path).contains("f5000.txt");
        assertThat(r.afterDiffering()).hasSizeBetween(1, ChunkStore.MAX_ENTRIES * 2)
                .extracting(dev.trestle.domain.model.FileEntry::path).contains("f5000.txt");
        Map<String, String> after = tree(wb(w).resolve("published"));
        assertThat(after.keySet()).isEqualTo(before.keySet());
        assertThat(after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey())))
                .map(Map.Entry::getKey)).containsExactly("f5000.txt");
    }

    /**
     * A restore where every file differs (1 500 removals and 1 500 links, each kind applied from several threads):
     * Published ends exactly as the checkpoint, and progress still climbs to 100 in order.
     */
    @Test
    void a_restore_of_a_fully_different_tree_applies_its_operations_from_several_threads() throws Exception {
        swapFrom(Integer.MAX_VALUE);
        fullyDifferentTree();
    }

    /** The same restore at the default threshold: a swap (decision 37), its 1 500 entries staged from threads. */
    @Test
    void a_restore_of_a_fully_different_tree_swaps_a_tree_staged_from_several_threads() throws Exception {
        assertThat(tuning).isEqualTo(StoreContext.Tuning.DEFAULT);
        assertThat(RestoreSwap.chosen(tuning.swapMinOps(), 3_000, 1_500)).isTrue();
        fullyDifferentTree();
        store.awaitIdle();
        assertThat(names(wb(w))).noneMatch(n -> n.startsWith(".published.tmp-") || n.equals("published.restore_tmp"));
    }

    private String w;

    private void fullyDifferentTree() throws Exception {
        w = newWorkbench();
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            first.add(source("a" + i + ".txt", "first " + i).toString());
        }
        store.published().add(w, first, new Limits(20_000, 1024));
        String target = store.checkpoints().create(w, CheckpointReason.MANUAL, "first").checkpointId();
        Map<String, String> expected = contents(wb(w).resolve("published"));
        store.published().remove(w, store.published().manifest(w).stream()
                .map(dev.trestle.domain.model.FileEntry::path).toList());
        List<String> second = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            second.add(source("b" + i + ".txt", "second " + i).toString());
        }
        store.published().add(w, second, new Limits(20_000, 1024));
        String pre = store.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "pre").checkpointId();
        List<Integer> percents = new java.util.concurrent.CopyOnWriteArrayList<>();

        store.checkpoints().restore(w, target, pre, p -> {
            if (p.percent() != null) {
                percents.add(p.percent());
            }
        });

        assertThat(contents(wb(w).resolve("published"))).isEqualTo(expected);
        assertThat(store.published().manifest(w)).hasSize(1_500);
        assertThat(percents).isSorted().endsWith(100);
        assertThat(restart().published().manifest(w)).hasSize(1_500);
        assertThat(contents(wb(w).resolve("published"))).isEqualTo(expected);
    }

    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                out.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        return out;
    }

    /** Every regular file under {@code root}: relative path (with '/') to size and modification time. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                out.put(root.relativize(f).toString().replace('\\', '/'), a.size() + "@" + a.lastModifiedTime()
                        + "#" + a.fileKey());
            }
        }
        return out;
    }
}
