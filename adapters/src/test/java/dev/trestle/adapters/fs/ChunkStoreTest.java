package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.ScopeHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifest chunks ({@code storage.md} §6): cut points, round trip, sharing, integrity. */
class ChunkStoreTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00.123Z");

    @TempDir
    Path dir;

    static List<FileEntry> entries(int n, String tag) {
        List<FileEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "file-" + i + ".txt";
            out.add(FileEntry.of(name, i, ScopeHash.sha256Hex((tag + i).getBytes(StandardCharsets.UTF_8)), T,
                    T.plusMillis(i)));
        }
        return out;
    }

    @Test
    void chunks_round_trip_and_are_named_by_the_hash_of_their_bytes() throws IOException {
        ChunkStore store = new ChunkStore(dir.resolve("chunks"), new FileOps() { });
        List<FileEntry> files = entries(1000, "a");
        List<ManifestCodec.ChunkRef> refs = store.split(files);
        assertThat(refs.size()).isBetween(1000 / ChunkStore.MAX_ENTRIES, 1000 / 8);
        assertThat(refs.stream().mapToInt(ManifestCodec.ChunkRef::files).sum()).isEqualTo(1000);
        assertThat(store.persist(refs)).hasSize(refs.size());
        assertThat(store.persist(refs)).isEmpty();
        for (ManifestCodec.ChunkRef r : refs) {
            byte[] bytes = Files.readAllBytes(dir.resolve("chunks").resolve(r.sha256()));
            assertThat(ScopeHash.sha256Hex(bytes)).isEqualTo(r.sha256());
        }
        ChunkStore fresh = new ChunkStore(dir.resolve("chunks"), new FileOps() { });
        assertThat(fresh.expand(refs)).isEqualTo(files);
    }

    @Test
    void inserting_removing_or_changing_one_entry_changes_at_most_two_chunks() {
        ChunkStore store = new ChunkStore(dir.resolve("chunks"), new FileOps() { });
        List<FileEntry> files = entries(5000, "a");
        List<ManifestCodec.ChunkRef> base = store.split(files);

        List<FileEntry> changed = new ArrayList<>(files);
        changed.set(2500, FileEntry.of(files.get(2500).path(), 7, ScopeHash.sha256Hex(new byte[] {1}), T, T));
        List<FileEntry> removed = new ArrayList<>(files);
        removed.remove(1234);
        List<FileEntry> inserted = new ArrayList<>(files);
        inserted.add(3000, FileEntry.of("new.txt", 1, ScopeHash.sha256Hex(new byte[] {2}), T, T));
        for (List<FileEntry> variant : List.of(changed, removed, inserted)) {
            List<String> fresh = new ArrayList<>(store.split(variant).stream().map(ManifestCodec.ChunkRef::sha256)
                    .toList());
            fresh.removeAll(base.stream().map(ManifestCodec.ChunkRef::sha256).toList());
            assertThat(fresh).hasSizeBetween(1, 2);
        }
    }

    @Test
    void an_edit_cut_from_the_previous_chunks_equals_a_full_cut_and_encodes_only_the_changed_chunks() {
        java.util.Random random = new java.util.Random(14);
        ChunkStore store = new ChunkStore(dir.resolve("chunks"), new FileOps() { });
        List<FileEntry> files = new ArrayList<>(entries(3000, "a"));
        // a stretch of 600 names none of which ends a run, so cuts at the 256-entry cap are exercised too
        int added = 0;
        for (int i = 0; added < 600; i++) {
            String name = "cap-" + i + ".txt";
            if (!ChunkStore.endsRun(name, 1)) {
                files.add(1500 + added++, entry(name, i));
            }
        }
        List<ManifestCodec.ChunkRef> refs = store.split(files);
        for (int step = 0; step < 300; step++) {
            List<FileEntry> next = new ArrayList<>(files);
            int edits = 1 + random.nextInt(step % 10 == 0 ? 40 : 3);
            for (int e = 0; e < edits; e++) {
                int at = switch (random.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> Math.max(0, next.size() - 1);
                    default -> random.nextInt(Math.max(1, next.size()));
                };
                switch (random.nextInt(3)) {
                    case 0 -> next.add(Math.min(at, next.size()), entry("n-" + step + "-" + e + ".txt", step));
                    case 1 -> {
                        if (!next.isEmpty()) {
                            next.remove(at);
                        }
                    }
                    default -> {
                        if (!next.isEmpty()) {
                            FileEntry old = next.get(at);
                            next.set(at, FileEntry.of(old.path(), step, ScopeHash.sha256Hex(("c" + step + e)
                                    .getBytes(StandardCharsets.UTF_8)), T, T));
                        }
                    }
                }
            }
            List<ManifestCodec.ChunkRef> edited = store.split(List.copyOf(next), refs);
            List<ManifestCodec.ChunkRef> full = new ChunkStore(dir.resolve("other"), new FileOps() { })
                    .split(List.copyOf(next));
            assertThat(edited).as("step %d", step).isEqualTo(full);
            if (edits == 1) {
                List<String> fresh = new ArrayList<>(edited.stream().map(ManifestCodec.ChunkRef::sha256).toList());
                fresh.removeAll(refs.stream().map(ManifestCodec.ChunkRef::sha256).toList());
                // two at most, plus the cap-cut runs after it when the edit falls in the boundary-free stretch
                assertThat(fresh).as("step %d", step).hasSizeLessThanOrEqualTo(2 + 600 / ChunkStore.MAX_ENTRIES + 1);
            }
            files = next;
            refs = edited;
        }
        // unchanged: the same chunks; emptied and refilled: still the full cut
        assertThat(store.split(List.copyOf(files), refs)).isEqualTo(refs);
        List<ManifestCodec.ChunkRef> empty = store.split(List.of(), refs);
        assertThat(empty).isEqualTo(store.split(List.of()));
        assertThat(store.split(List.copyOf(files), empty)).isEqualTo(refs);
    }

    @Test
    void an_edit_from_chunks_not_in_memory_falls_back_to_a_full_cut() {
        ChunkStore store = new ChunkStore(dir.resolve("chunks"), new FileOps() { });
        List<FileEntry> files = entries(1000, "a");
        List<ManifestCodec.ChunkRef> refs = store.split(files);
        ChunkStore fresh = new ChunkStore(dir.resolve("chunks"), new FileOps() { });
        List<FileEntry> next = new ArrayList<>(files);
        next.remove(500);
        assertThat(fresh.split(next, refs)).isEqualTo(store.split(next));
    }

    private static FileEntry entry(String name, int i) {
        return FileEntry.of(name, i, ScopeHash.sha256Hex(name.getBytes(StandardCharsets.UTF_8)), T, T.plusMillis(i));
    }

    @Test
    void a_corrupt_or_missing_chunk_is_refused() throws IOException {
        ChunkStore store = new ChunkStore(dir.resolve("chunks"), new FileOps() { });
        List<ManifestCodec.ChunkRef> refs = store.split(entries(10, "a"));
        store.persist(refs);
        Path chunk = dir.resolve("chunks").resolve(refs.get(0).sha256());
        String text = Files.readString(chunk);
        chunk.toFile().setWritable(true);
        Files.writeString(chunk, text.replace("file-1.txt", "file-9.txt"));
        ChunkStore fresh = new ChunkStore(dir.resolve("chunks"), new FileOps() { });
        assertThatThrownBy(() -> fresh.entries(refs.get(0).sha256())).isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt");
        Files.delete(chunk);
        assertThatThrownBy(() -> fresh.entries(refs.get(0).sha256())).isInstanceOf(IOException.class)
                .hasMessageContaining("missing");
    }

    /** The token-by-token chunk reader accepts what the bound record form accepted, and refuses the rest. */
    @Test
    void chunks_are_read_as_the_bound_form_read_them() throws IOException {
        List<FileEntry> files = entries(300, "r");
        assertThat(ManifestCodec.readChunk(ManifestCodec.chunk(files))).isEqualTo(files);
        String sha = files.get(0).sha256();
        // fields in another order, an unknown field, an entry without kind and MIME type, one with nulls
        String reordered = "{\"files\":[[\"a.md\",3,\"" + sha + "\",1000,2000],[\"b.csv\",4,\"" + sha
                + "\",1000,2000,null,null]],\"extra\":{\"x\":[1]},\"schema_version\":1}";
        List<FileEntry> read = ManifestCodec.readChunk(reordered.getBytes(StandardCharsets.UTF_8));
        assertThat(read).extracting(FileEntry::path).containsExactly("a.md", "b.csv");
        assertThat(read.get(0).fileKind()).isEqualTo(dev.trestle.domain.model.FileKind.classify("a.md"));
        assertThat(read.get(1).mimeType()).isEqualTo(dev.trestle.domain.model.FileKind.mimeType("b.csv"));
        assertThat(read.get(0).addedAt()).isEqualTo(Instant.ofEpochMilli(2000));
        for (String bad : List.of("[]", "{\"schema_version\":1}", "{\"schema_version\":2,\"files\":[]}",
                "{\"files\":[[\"a.md\",\"3\",\"" + sha + "\",1,2]]}",
                "{\"files\":[[\"a/b\",3,\"" + sha + "\",1,2]]}",
                "{\"files\":[[\"a.md\",3,\"" + sha.toUpperCase() + "\",1,2]]}",
                "{\"files\":[[\"a.md\",3,\"" + sha + "\",1,2,\"text\",\"text/plain\",9]]}")) {
            assertThatThrownBy(() -> ManifestCodec.readChunk(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOfAny(IllegalArgumentException.class, IOException.class);
        }
        assertThat(ContentStore.isObjectName(sha)).isTrue();
        assertThat(ContentStore.isObjectName(sha.substring(1) + "g")).isFalse();
        assertThat(ContentStore.isObjectName(sha + "0")).isFalse();
    }
}
