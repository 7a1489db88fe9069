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
