package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.FileEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecManifestTest {
    private static final Instant T = Instant.parse("2026-11-25T21:06:09.123Z");

    private static List<FileEntry> entries(int n, String tag) {
        List<FileEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String sha = String.format("%064x", (long) (i + tag.hashCode()) & 0xffffffffL);
            out.add(FileEntry.of("f" + i + (i % 3 == 0 ? " é\"q.md" : ".txt"), i * 7L, sha, T.plusMillis(i), T));
        }
        return out;
    }

    /** The manifest as a Jackson tree would write it (the reference form). */
    private static byte[] reference(String id, String desc, List<FileEntry> files) throws Exception {
        ObjectNode n = Json.object();
        n.put("schema_version", Codec.CHECKPOINT_SCHEMA);
        n.put("checkpoint_id", id);
        n.put("created_at", Json.time(T));
        n.put("reason", CheckpointReason.MANUAL.wire());
        n.put("description", desc);
        ObjectNode stats = n.putObject("stats");
        stats.put("files", files.size());
        stats.put("total_bytes", files.stream().mapToLong(FileEntry::size).sum());
        n.set("files", Codec.entries(files));
        return (Json.MAPPER.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_manifest_from_cached_entry_json_is_byte_identical_to_the_tree_form() throws Exception {
        Codec.EntryJson cache = new Codec.EntryJson();
        List<FileEntry> files = entries(500, "a");
        String desc = "quotes \" and \\ and \u2603 and \n";
        byte[] plain = Codec.manifest("01JX", T, CheckpointReason.MANUAL, desc, files);
        byte[] first = Codec.manifest("01JX", T, CheckpointReason.MANUAL, desc, new Codec.Entries(files, cache));
        byte[] again = Codec.manifest("01JX", T, CheckpointReason.MANUAL, desc, new Codec.Entries(files, cache));
        byte[] expected = reference("01JX", desc, files);
        assertThat(plain).isEqualTo(expected);
        assertThat(first).isEqualTo(expected);
        assertThat(again).isEqualTo(expected);
        JsonNode parsed = Json.MAPPER.readTree(again);
        assertThat(Codec.strictEntries(parsed)).isEqualTo(files);
    }

    @Test
    void a_changed_entry_is_serialised_afresh_and_the_rest_reused() throws Exception {
        Codec.EntryJson cache = new Codec.EntryJson();
        List<FileEntry> files = new ArrayList<>(entries(100, "a"));
        Codec.manifest("01JX", T, CheckpointReason.MANUAL, "", new Codec.Entries(files, cache));
        FileEntry old = files.get(5);
        files.set(5, new FileEntry(old.path(), 999, String.format("%064x", 42), T, T, old.fileKind(),
                old.mimeType()));
        byte[] after = Codec.manifest("01JX", T, CheckpointReason.MANUAL, "", new Codec.Entries(files, cache));
        assertThat(after).isEqualTo(reference("01JX", "", files));
        assertThat(Codec.manifest("01JX", T, CheckpointReason.MANUAL, "", List.of()))
                .isEqualTo(reference("01JX", "", List.of()));
    }

    @Test
    void the_cache_drops_entries_no_longer_listed_once_it_outgrows_the_list() {
        Codec.EntryJson cache = new Codec.EntryJson();
        for (int round = 0; round < 10; round++) {
            Codec.manifest("01JX", T, CheckpointReason.MANUAL, "", new Codec.Entries(entries(100, "r" + round),
                    cache));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(2 * 100 + 64 + 100);
    }
}
