package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.ScopeHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Startup reconciliation ({@code storage.md} §9): each crash state built on disk, then {@code reconcileAll()}. */
abstract class ReconcileContract extends StoreTestBase {
    String w;

    void twoFiles() throws Exception {
        w = newWorkbench();
        addOk(w, source("notes.txt", "old notes"), source("data.csv", "1,2"));
        store.conversation().append(w, ConversationRecord.user("u-" + ids.newUlid(), "hi", clock.now()));
    }

    void draft(String... namesAndContents) {
        List<Proposal.Write> writes = new java.util.ArrayList<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            writes.add(new Proposal.Write(namesAndContents[i], namesAndContents[i + 1]));
        }
        store.drafts().create(w, ids.newUlid(), ids.newUlid(), writes, ScopeHash.of(store.published().manifest(w)), clock.now());
    }

    void writeMarker(String name, String json) throws Exception {
        Files.writeString(meta(w, name), json);
    }

    @Test
    void retention_runs_at_startup_when_a_crash_came_between_a_create_and_its_retention_pass() throws Exception {
        twoFiles();
        for (int i = 0; i < dev.trestle.domain.model.RetentionPolicy.KEEP_MANUAL; i++) {
            store.checkpoints().create(w, CheckpointReason.MANUAL, "m" + i);
        }
        // the 51st committed (its manifest written) but the engine died before retention pruned the oldest
        String extra = store.checkpoints().create(w, CheckpointReason.AUTO, "late").checkpointId();
        Path manifest = meta(w, "checkpoints").resolve(extra + ".json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"auto\"", "\"manual\""));
        restart();

        List<CheckpointMetadata> manual = store.checkpoints().list(w).checkpoints().stream()
                .filter(c -> c.reason() == CheckpointReason.MANUAL).toList();
        assertThat(manual).hasSize(dev.trestle.domain.model.RetentionPolicy.KEEP_MANUAL);
        assertThat(manual).extracting(CheckpointMetadata::checkpointId).contains(extra);
        assertThat(manual).extracting(CheckpointMetadata::description).doesNotContain("m0");
    }

    @Test
    void a_half_swapped_restore_is_rolled_back_to_the_pre_restore_state() throws Exception {
        twoFiles();
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        addOk(w, source("third.txt", "third"));
        Map<String, String> before = state(w);
        String r1 = store.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "Before restore").checkpointId();
        // crash state: marker written, published/ moved aside, staging present, one meta file swapped
        writeMarker("restore.json", "{\"checkpoint_id\":\"" + c1 + "\",\"pre_restore_checkpoint_id\":\"" + r1
                + "\",\"created_at\":\"2026-03-01T10:00:00.000Z\"}");
        Files.move(published(w), wb(w).resolve("published.prev"));
        Files.createDirectories(wb(w).resolve("published.restore_tmp"));
        Files.writeString(wb(w).resolve("published.restore_tmp").resolve("notes.txt"), "old notes");
        Files.createDirectories(meta(w, "restore_tmp"));
        Files.move(meta(w, "conversation.jsonl"), meta(w, "conversation.jsonl.prev"));
        Files.writeString(meta(w, "conversation.jsonl"), "{}\n");

        restart();

        assertThat(state(w)).isEqualTo(before);
        assertThat(names(wb(w))).containsExactly("meta", "published");
        assertThat(names(wb(w).resolve("meta"))).doesNotContain("restore.json", "restore_tmp",
                "conversation.jsonl.prev");
        assertThat(workbenchEventKinds(w)).contains("restore_recovered");
        assertThat(store.published().manifest(w)).extracting(FileEntry::path).containsExactly("notes.txt", "data.csv",
                "third.txt");
    }

    @Test
    void a_publish_interrupted_after_the_first_rename_is_rolled_back_and_the_draft_kept() throws Exception {
        twoFiles();
        draft("notes.txt", "new");
        Map<String, String> before = state(w);
        writeMarker("publish.json", "{\"draft_id\":\"x\",\"checkpoint_id\":\"y\",\"created_at\":\"t\"}");
        Files.move(published(w), wb(w).resolve("published.prev"));

        restart();

        assertThat(state(w)).isEqualTo(before);
        assertThat(store.drafts().draft(w)).isPresent();
        assertThat(names(wb(w))).containsExactly("draft", "meta", "published");
        assertThat(names(wb(w).resolve("meta"))).doesNotContain("publish.json");
        assertThat(workbenchEventKinds(w)).contains("publish_recovered");
    }

    @Test
    void a_publish_interrupted_after_the_swap_is_finished() throws Exception {
        twoFiles();
        draft("notes.txt", "new", "summary.md", "# s");
        writeMarker("publish.json", "{\"draft_id\":\"x\",\"checkpoint_id\":\"y\",\"created_at\":\"t\"}");
        Files.move(published(w), wb(w).resolve("published.prev"));
        Files.move(wb(w).resolve("draft"), published(w));

        restart();

        assertThat(store.drafts().draft(w)).isEmpty();
        assertThat(names(wb(w))).containsExactly("meta", "published");
        List<FileEntry> m = store.published().manifest(w);
        assertThat(m).extracting(FileEntry::path).containsExactly("notes.txt", "data.csv", "summary.md");
        assertThat(m.get(0).sha256()).isEqualTo(ScopeHash.sha256Hex("new".getBytes()));
        assertThat(names(wb(w).resolve("meta"))).doesNotContain("publish.json", "draft.json");
        for (FileEntry e : m) {
            assertThat(FsUtil.isReadOnly(published(w).resolve(e.path()))).isTrue();
            assertThat(Files.exists(objectPath(w, e.sha256()))).isTrue();
        }
    }

    @Test
    void a_publish_marker_with_nothing_moved_is_deleted_and_the_draft_kept() throws Exception {
        twoFiles();
        draft("notes.txt", "new");
        Map<String, String> before = state(w);
        writeMarker("publish.json", "{\"draft_id\":\"x\",\"checkpoint_id\":\"y\",\"created_at\":\"t\"}");

        restart();

        assertThat(state(w)).isEqualTo(before);
        assertThat(store.drafts().draft(w)).isPresent();
        assertThat(names(wb(w).resolve("meta"))).doesNotContain("publish.json");
    }

    @Test
    void staging_leftovers_prev_files_and_temp_files_are_cleaned() throws Exception {
        twoFiles();
        Map<String, String> before = state(w);
        Files.createDirectories(wb(w).resolve("draft.01J00000000000000000000000.staging"));
        Files.createDirectories(wb(w).resolve("published.restore_tmp"));
        Files.createDirectories(wb(w).resolve("published.prev"));
        Files.createDirectories(meta(w, "restore_tmp"));
        Files.writeString(meta(w, "files.json.prev"), "stale");
        Files.move(meta(w, "workshop_state.json"), meta(w, "workshop_state.json.prev"));
        Files.writeString(meta(w, ".files.json.tmp-abc"), "partial");
        Files.writeString(published(w).resolve(".notes.txt.tmp-abc"), "partial");
        Path objects = meta(w, "checkpoints").resolve("objects");
        Files.writeString(objects.resolve(".tmp-123"), "partial object");
        Files.createDirectories(dataDir.resolve("workbenches").resolve(".01J00000000000000000000000.tmp-1"));

        restart();

        assertThat(state(w)).isEqualTo(before);
        assertThat(names(wb(w))).containsExactly("meta", "published");
        assertThat(names(wb(w).resolve("meta"))).contains("workshop_state.json")
                .noneMatch(n -> n.endsWith(".prev") || n.contains(".tmp-") || n.equals("restore_tmp"));
        assertThat(names(objects)).noneMatch(n -> n.startsWith(".tmp-"));
        assertThat(names(dataDir.resolve("workbenches"))).containsExactly(w);
    }

    @Test
    void an_orphan_draft_folder_or_draft_json_is_deleted() throws Exception {
        twoFiles();
        draft("notes.txt", "new");
        Files.delete(meta(w, "draft.json"));
        restart();
        assertThat(names(wb(w))).containsExactly("meta", "published");

        draft("notes.txt", "new");
        FsUtil.deleteTree(wb(w).resolve("draft"));
        restart();
        assertThat(store.drafts().draft(w)).isEmpty();
        assertThat(names(wb(w).resolve("meta"))).doesNotContain("draft.json");
    }

    @Test
    void a_checkpoint_folder_without_its_manifest_is_deleted() throws Exception {
        twoFiles();
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        Files.delete(meta(w, "checkpoints").resolve(c1 + ".json"));
        restart();
        assertThat(names(meta(w, "checkpoints"))).containsExactly("objects");
        assertThat(store.checkpoints().list(w).checkpoints()).isEmpty();
    }

    @Test
    void published_and_manifest_mismatches_are_repaired() throws Exception {
        twoFiles();
        FsUtil.deleteIfExists(published(w).resolve("data.csv"));
        Files.writeString(published(w).resolve("stray.txt"), "not listed");

        restart();

        assertThat(names(published(w))).containsExactly("notes.txt");
        assertThat(store.published().manifest(w)).extracting(FileEntry::path).containsExactly("notes.txt");
        assertThat(workbenchEventKinds(w)).contains("manifest_repaired");
        // GC dropped the object nothing names any more
        assertThat(store.checkpoints().list(w).store().objects()).isEqualTo(1);
    }

    @Test
    void deleting_the_whole_checkpoints_folder_leaves_published_intact_and_startup_reingests() throws Exception {
        twoFiles();
        store.checkpoints().create(w, CheckpointReason.MANUAL, "c1");
        Map<String, String> before = state(w);
        FsUtil.deleteTree(meta(w, "checkpoints"));
        assertThat(state(w)).isEqualTo(before);

        restart();

        assertThat(state(w)).isEqualTo(before);
        assertThat(store.checkpoints().list(w).checkpoints()).isEmpty();
        assertThat(store.checkpoints().list(w).store().objects()).isEqualTo(2);
        assertThat(log.events).contains("store_reingested");
        for (FileEntry e : store.published().manifest(w)) {
            Path f = published(w).resolve(e.path());
            assertThat(FsUtil.isReadOnly(f)).isTrue();
            if (fs() != Fs.JIMFS_NO_LINKS) {
                assertThat(Files.isSameFile(f, objectPath(w, e.sha256()))).isTrue();
            }
        }
        String c2 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c2").checkpointId();
        store.published().remove(w, List.of("notes.txt"));
        String pre = store.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "r").checkpointId();
        store.checkpoints().restore(w, c2, pre, p -> { });
        Map<String, String> after = state(w);
        for (String key : List.of("published/notes.txt", "published/data.csv", "meta/files.json",
                "meta/conversation.jsonl")) {
            assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
        }
    }

    @Test
    void startup_gc_deletes_objects_nothing_names() throws Exception {
        twoFiles();
        addOk(w, source("tmp.txt", "temporary"));
        store.published().remove(w, List.of("tmp.txt"));
        assertThat(objects(w)).hasSize(3);

        restart();

        assertThat(objects(w)).hasSize(2);
        assertThat(workbenchEventKinds(w)).contains("objects_collected");
    }

    @Test
    void a_batched_add_interrupted_after_its_objects_before_files_json_leaves_nothing_behind() throws Exception {
        twoFiles();
        Map<String, String> before = state(w);
        List<String> objectsBefore = objects(w);
        // the crash state of an add: two objects made durable and named by the batch, one linked into published/,
        // one more file still an unforced temp (crash during the force pass); files.json never rewritten
        ContentStore crashed = new ContentStore(meta(w, "checkpoints").resolve("objects"), FileOps.DEFAULT);
        IngestBatch batch = crashed.batch();
        FsUtil.Hashed a = batch.stage(new java.io.ByteArrayInputStream("new a".getBytes()), Long.MAX_VALUE);
        batch.stage(new java.io.ByteArrayInputStream("new b".getBytes()), Long.MAX_VALUE);
        assertThat(batch.commit()).isEmpty();
        crashed.link(a.sha256(), published(w), "new-a.txt");
        crashed.batch().stage(new java.io.ByteArrayInputStream("never forced".getBytes()), Long.MAX_VALUE);
        assertThat(objects(w)).hasSize(objectsBefore.size() + 3); // two objects + one temp

        restart();

        assertThat(state(w)).isEqualTo(before);
        assertThat(objects(w)).isEqualTo(objectsBefore);
        assertThat(names(meta(w, "checkpoints").resolve("objects"))).noneMatch(n -> n.startsWith(".tmp-"));
        // the same content added again after the restart is a fresh, complete object
        addOk(w, source("new-a.txt", "new a"));
        assertThat(text(published(w).resolve("new-a.txt"))).isEqualTo("new a");
        assertThat(text(objectPath(w, a.sha256()))).isEqualTo("new a");
    }
}
