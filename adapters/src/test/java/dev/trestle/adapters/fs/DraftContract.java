package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.FileChange;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.ScopeHash;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.out.DraftStorePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Contract of {@code DraftStorePort}: create, change set, publish (swap), discard, failure safety. */
abstract class DraftContract extends StoreTestBase {
    String w;
    String proposalId;
    List<String> progress = new ArrayList<>();

    DraftInfo draftWithSummaryAndNotes() throws Exception {
        w = newWorkbench();
        addOk(w, source("notes.txt", "old notes"), source("data.csv", "1,2"));
        proposalId = ids.newUlid();
        return store.drafts().create(w, ids.newUlid(), proposalId, List.of(new Proposal.Write("summary.md", "# S"),
                new Proposal.Write("notes.txt", "new notes")), ScopeHash.of(store.published().manifest(w)), clock.now());
    }

    @Test
    void create_stages_links_of_published_and_writes_the_proposal_files() throws Exception {
        DraftInfo info = draftWithSummaryAndNotes();

        assertThat(store.drafts().draft(w)).contains(info);
        assertThat(info.written()).containsExactly("summary.md", "notes.txt");
        Path draft = wb(w).resolve("draft");
        assertThat(names(draft)).containsExactly("data.csv", "notes.txt", "summary.md");
        assertThat(text(draft.resolve("notes.txt"))).isEqualTo("new notes");
        assertThat(text(published(w).resolve("notes.txt"))).isEqualTo("old notes");
        assertThat(FsUtil.isReadOnly(draft.resolve("summary.md"))).isFalse();
        String notesSha = store.published().manifest(w).get(0).sha256();
        assertThat(text(objectPath(w, notesSha))).isEqualTo("old notes");
        if (fs() != Fs.JIMFS_NO_LINKS) {
            assertThat(Files.isSameFile(draft.resolve("data.csv"),
                    objectPath(w, store.published().manifest(w).get(1).sha256()))).isTrue();
        }
        assertThat(names(wb(w))).noneMatch(n -> n.endsWith(".staging"));
        assertThat(text(meta(w, "draft.json"))).contains("\"source_kind\" : \"workshop\"",
                "\"source_ref\" : \"" + proposalId + "\"", "\"published_generation\"");
        assertThat(store.drafts().changeSet(w)).containsExactly(
                new FileChange("notes.txt", FileChange.ChangeType.MODIFIED),
                new FileChange("summary.md", FileChange.ChangeType.ADDED));
    }

    @Test
    void create_refuses_a_second_draft_and_escaping_paths() throws Exception {
        draftWithSummaryAndNotes();
        assertThatThrownBy(() -> store.drafts().create(w, ids.newUlid(), ids.newUlid(), List.of(), "g", clock.now()))
                .isInstanceOfSatisfying(TrestleException.class, e ->
                        assertThat(e.info().detailToken()).isEqualTo("draft_exists"));
        store.drafts().discard(w);
        assertThatThrownBy(() -> store.drafts().create(w, ids.newUlid(), ids.newUlid(),
                List.of(new Proposal.Write("../outside.txt", "x")), "g", clock.now()))
                .isInstanceOfSatisfying(TrestleException.class, e ->
                        assertThat(e.info().errorCode()).isEqualTo(ErrorCode.SANDBOX_VIOLATION));
        assertThat(Files.exists(wb(w).resolve("outside.txt"))).isFalse();
        assertThat(store.drafts().draft(w)).isEmpty();
    }

    @Test
    void a_failed_create_leaves_no_staging_and_no_draft() throws Exception {
        w = newWorkbench();
        addOk(w, source("notes.txt", "old"));
        String pid = ids.newUlid();
        ops.failRenameOf("draft." + pid + ".staging", "draft");

        assertThatThrownBy(() -> store.drafts().create(w, ids.newUlid(), pid, List.of(new Proposal.Write("a.md", "x")),
                "g", clock.now())).isInstanceOfSatisfying(TrestleException.class, e ->
                assertThat(e.info().errorCode()).isEqualTo(ErrorCode.FILE_WRITE_FAILED));
        assertThat(names(wb(w))).containsExactly("meta", "published");
        assertThat(store.drafts().draft(w)).isEmpty();
    }

    @Test
    void publish_swaps_the_draft_in_and_rewrites_the_manifest() throws Exception {
        draftWithSummaryAndNotes();
        FileEntry oldNotes = store.published().manifest(w).get(0);
        String p1 = store.checkpoints().create(w, CheckpointReason.PUBLISH, "Before publish").checkpointId();
        java.time.Instant updatedBefore = store.catalog().load(w).orElseThrow().updatedAt();

        DraftStorePort.Published result = store.drafts().publish(w, p1, progress::add);

        assertThat(progress).containsExactly("swap_directories", "finalizing");
        assertThat(names(published(w))).containsExactly("data.csv", "notes.txt", "summary.md");
        assertThat(text(published(w).resolve("notes.txt"))).isEqualTo("new notes");
        assertThat(result.after()).extracting(FileEntry::path).containsExactly("notes.txt", "data.csv",
                "summary.md");
        FileEntry newNotes = result.after().get(0);
        assertThat(newNotes.addedAt()).isEqualTo(oldNotes.addedAt());
        assertThat(newNotes.sha256()).isEqualTo(ScopeHash.sha256Hex("new notes".getBytes()));
        assertThat(newStore().published().manifest(w)).isEqualTo(result.after());
        for (String n : names(published(w))) {
            Path f = published(w).resolve(n);
            assertThat(FsUtil.isReadOnly(f)).as(n).isTrue();
            FileEntry e = result.after().stream().filter(x -> x.path().equals(n)).findFirst().orElseThrow();
            if (fs() == Fs.DEFAULT) {
                assertThat(Files.isSameFile(f, objectPath(w, e.sha256()))).as(n).isTrue();
            }
        }
        assertThat(store.drafts().draft(w)).isEmpty();
        assertThat(names(wb(w))).containsExactly("meta", "published");
        assertThat(names(wb(w).resolve("meta"))).doesNotContain("publish.json", "draft.json");
        assertThat(store.catalog().load(w).orElseThrow().updatedAt()).isAfter(updatedBefore);
        assertThat(store.checkpoints().list(w).store().objects()).isEqualTo(4);
        // the publish checkpoint holds Published as it was before, never Draft files
        assertThat(text(meta(w, "checkpoints").resolve(p1 + ".json"))).doesNotContain("summary.md");
    }

    @Test
    void a_failure_on_the_draft_to_published_rename_keeps_published_and_the_draft() throws Exception {
        draftWithSummaryAndNotes();
        Map<String, String> before = state(w);
        String p1 = store.checkpoints().create(w, CheckpointReason.PUBLISH, "Before publish").checkpointId();
        ops.failRenameOf("draft", "published");

        assertThatThrownBy(() -> store.drafts().publish(w, p1, progress::add))
                .isInstanceOfSatisfying(TrestleException.class, e -> {
                    assertThat(e.info().errorCode()).isEqualTo(ErrorCode.FILE_WRITE_FAILED);
                    assertThat(e.info().phase()).isEqualTo(Phase.PUBLISH);
                });

        assertThat(state(w)).isEqualTo(before);
        assertThat(store.drafts().draft(w)).isPresent();
        assertThat(names(wb(w))).containsExactly("draft", "meta", "published");
        assertThat(names(wb(w).resolve("meta"))).doesNotContain("publish.json");
        assertThat(progress).endsWith("rolling_back");
        // the Draft is untouched: its written files are plain writable files again, not read-only store links
        for (String written : List.of("summary.md", "notes.txt")) {
            Path f = wb(w).resolve("draft").resolve(written);
            assertThat(FsUtil.isReadOnly(f)).as(written).isFalse();
            Path object = objectPath(w, ScopeHash.sha256Hex(Files.readAllBytes(f)));
            assertThat(Files.exists(object) && sameFile(object, f)).as(written).isFalse();
        }
        // and a retry after the fault goes away succeeds
        ops.heal();
        store.drafts().publish(w, p1, progress::add);
        assertThat(text(published(w).resolve("notes.txt"))).isEqualTo("new notes");
        // the retry re-links files that already are links to their objects: no temp link may stay behind
        assertThat(names(published(w))).noneMatch(n -> n.startsWith("."));
    }

    @Test
    void discard_deletes_the_draft_and_clears_the_pending_proposal() throws Exception {
        draftWithSummaryAndNotes();
        store.catalog().saveWorkshopState(w, new WorkshopState("openai:gpt-5.2", proposalId));
        Map<String, String> before = state(w);

        store.drafts().discard(w);

        assertThat(store.drafts().draft(w)).isEmpty();
        assertThat(names(wb(w))).containsExactly("meta", "published");
        assertThat(store.catalog().loadWorkshopState(w)).contains(new WorkshopState("openai:gpt-5.2", null));
        assertThat(state(w).get("published/notes.txt")).isEqualTo(before.get("published/notes.txt"));
        assertThatThrownBy(() -> store.drafts().discard(w)).isInstanceOfSatisfying(TrestleException.class, e ->
                assertThat(e.info().detailToken()).isEqualTo("no_draft"));
        assertThatThrownBy(() -> store.drafts().changeSet(w)).isInstanceOfSatisfying(TrestleException.class, e ->
                assertThat(e.info().detailToken()).isEqualTo("no_draft"));
    }

    @Test
    void restoring_a_checkpoint_after_publishing_changed_notes_yields_the_old_bytes() throws Exception {
        draftWithSummaryAndNotes();
        store.drafts().discard(w);
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        store.drafts().create(w, ids.newUlid(), ids.newUlid(), List.of(new Proposal.Write("notes.txt", "changed")),
                ScopeHash.of(store.published().manifest(w)), clock.now());
        store.drafts().publish(w, store.checkpoints().create(w, CheckpointReason.PUBLISH, "p").checkpointId(), progress::add);
        assertThat(text(published(w).resolve("notes.txt"))).isEqualTo("changed");

        String pre = store.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "r").checkpointId();
        store.checkpoints().restore(w, c1, pre, p -> { });

        assertThat(text(published(w).resolve("notes.txt"))).isEqualTo("old notes");
    }

    @Test
    void revert_links_the_published_version_back_and_drops_an_added_file() throws Exception {
        draftWithSummaryAndNotes();
        Map<String, String> publishedBefore = state(w);
        Path draft = wb(w).resolve("draft");

        store.drafts().revertFile(w, new FileChange("notes.txt", FileChange.ChangeType.MODIFIED));

        assertThat(text(draft.resolve("notes.txt"))).isEqualTo("old notes");
        assertThat(FsUtil.isReadOnly(draft.resolve("notes.txt"))).isTrue();
        FileEntry notes = store.published().manifest(w).get(0);
        if (fs() != Fs.JIMFS_NO_LINKS) {
            assertThat(Files.isSameFile(draft.resolve("notes.txt"), objectPath(w, notes.sha256()))).isTrue();
        }
        assertThat(text(meta(w, "draft.json"))).doesNotContain("notes.txt");
        assertThat(store.drafts().changeSet(w)).containsExactly(
                new FileChange("summary.md", FileChange.ChangeType.ADDED));

        store.drafts().revertFile(w, new FileChange("summary.md", FileChange.ChangeType.ADDED));

        assertThat(names(draft)).containsExactly("data.csv", "notes.txt");
        assertThat(names(draft)).noneMatch(n -> n.startsWith("."));
        assertThat(store.drafts().changeSet(w)).isEmpty();
        assertThat(store.drafts().draft(w).orElseThrow().written()).isEmpty();
        // Published never moved
        assertThat(state(w).entrySet()).filteredOn(e -> e.getKey().startsWith("published/"))
                .containsExactlyInAnyOrderElementsOf(publishedBefore.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("published/")).toList());
        // a fresh store over the same data dir sees the same Draft (draft.json was rewritten, not only cached)
        assertThat(newStore().drafts().changeSet(w)).isEmpty();

        String p1 = store.checkpoints().create(w, CheckpointReason.PUBLISH, "Before publish").checkpointId();
        store.drafts().publish(w, p1, progress::add);
        assertThat(names(published(w))).containsExactly("data.csv", "notes.txt");
        assertThat(text(published(w).resolve("notes.txt"))).isEqualTo("old notes");
    }

    @Test
    void a_revert_that_stopped_before_draft_json_still_publishes_cleanly() throws Exception {
        DraftInfo info = draftWithSummaryAndNotes();
        // what a crash between the file step and the draft.json step leaves: the added file gone, still "written"
        Files.delete(wb(w).resolve("draft").resolve("summary.md"));
        assertThat(store.drafts().draft(w).orElseThrow().written()).isEqualTo(info.written());
        assertThat(store.drafts().changeSet(w)).containsExactly(
                new FileChange("notes.txt", FileChange.ChangeType.MODIFIED));

        String p1 = store.checkpoints().create(w, CheckpointReason.PUBLISH, "Before publish").checkpointId();
        DraftStorePort.Published result = store.drafts().publish(w, p1, progress::add);

        assertThat(result.after()).extracting(FileEntry::path).containsExactly("notes.txt", "data.csv");
        assertThat(names(published(w))).containsExactly("data.csv", "notes.txt");
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
