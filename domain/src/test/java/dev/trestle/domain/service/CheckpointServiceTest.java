package dev.trestle.domain.service;

import static dev.trestle.domain.service.ServiceFixture.id;
import static dev.trestle.domain.service.ServiceFixture.rq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.domain.model.CheckpointId;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.CheckpointDiff;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.ErrorCode;
import java.nio.charset.StandardCharsets;
import dev.trestle.domain.port.in.CheckpointsUseCase;
import dev.trestle.domain.port.in.ManageFilesUseCase;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointServiceTest {
    private final ServiceFixture f = new ServiceFixture();

    @Test
    void a_manual_checkpoint_gets_the_default_description_and_is_announced() {
        String wb = f.workbenchWithNotes();
        String id = f.checkpoints.create(rq(Phase.WORKBENCH), new CheckpointsUseCase.CreateCheckpoint(id(wb), "  ",
                null));
        var meta = f.checkpoints.get(rq(Phase.WORKBENCH), new CheckpointsUseCase.CheckpointRef(id(wb),
                CheckpointId.parse(id)));
        assertThat(meta.description()).isEqualTo("Manual checkpoint");
        assertThat(meta.reason()).isEqualTo(CheckpointReason.MANUAL);
        assertThat(f.events.last(EngineEvent.CheckpointCreated.class).orElseThrow().checkpointId()).isEqualTo(id);
    }

    @Test
    void only_manual_checkpoints_can_be_requested() {
        String wb = f.workbenchWithNotes();
        assertThatThrownBy(() -> f.checkpoints.create(rq(Phase.WORKBENCH),
                new CheckpointsUseCase.CreateCheckpoint(id(wb), null, "publish")))
                .isInstanceOfSatisfying(TrestleException.class,
                        e -> assertThat(e.info().detailToken()).isEqualTo("invalid_reason"));
        assertThat(f.store.list(wb).checkpoints()).isEmpty();
    }

    @Test
    void restore_brings_back_the_files_after_a_pre_restore_checkpoint() {
        String wb = f.workbenchWithNotes();
        String c1 = f.checkpoints.create(rq(Phase.WORKBENCH), new CheckpointsUseCase.CreateCheckpoint(id(wb), "before",
                null));
        f.workbenchService.remove(rq(Phase.WORKBENCH), new ManageFilesUseCase.RemoveFiles(id(wb),
                List.of("notes.txt")));
        f.events.clear();

        var restored = f.checkpoints.restore(rq(Phase.RESTORE), new CheckpointsUseCase.RestoreCheckpoint(id(wb),
                CheckpointId.parse(c1)));

        assertThat(f.workbenchService.list(rq(Phase.WORKBENCH), id(wb))).extracting(FileEntry::path)
                .containsExactly("notes.txt");
        assertThat(f.store.get(wb, restored.preRestoreCheckpointId()).orElseThrow().reason())
                .isEqualTo(CheckpointReason.PRE_RESTORE);
        EngineEvent.CheckpointRestored event = f.events.last(EngineEvent.CheckpointRestored.class).orElseThrow();
        assertThat(event.checkpointId()).isEqualTo(c1);
        assertThat(f.events.last(EngineEvent.FilesChanged.class).orElseThrow().added()).containsExactly("notes.txt");
        ConversationRecord last = f.conversation.read(wb).get(f.conversation.read(wb).size() - 1);
        assertThat(last.eventKind()).isEqualTo("checkpoint_restore");
    }

    @Test
    void restoring_an_unknown_checkpoint_fails_in_the_restore_phase_and_changes_nothing() {
        String wb = f.workbenchWithNotes();
        assertThatThrownBy(() -> f.checkpoints.restore(rq(Phase.RESTORE),
                new CheckpointsUseCase.RestoreCheckpoint(id(wb), CheckpointId.parse("01JAAAAAAAAAAAAAAAAAAAAAA9"))))
                .isInstanceOfSatisfying(TrestleException.class, e -> {
                    assertThat(e.info().detailToken()).isEqualTo("unknown_checkpoint");
                    assertThat(e.info().phase()).isEqualTo(Phase.RESTORE);
                });
        assertThat(f.store.list(wb).checkpoints()).isEmpty();
    }

    private String create(String wb, String description) {
        return f.checkpoints.create(rq(Phase.WORKBENCH), new CheckpointsUseCase.CreateCheckpoint(id(wb), description,
                null));
    }

    private static CheckpointsUseCase.CheckpointRef ref(String wb, String checkpoint) {
        return new CheckpointsUseCase.CheckpointRef(id(wb), CheckpointId.parse(checkpoint));
    }

    private CheckpointDiff diff(String wb, String from, String to) {
        return f.checkpoints.diff(rq(Phase.WORKBENCH), new CheckpointsUseCase.CompareCheckpoints(id(wb),
                CheckpointId.parse(from).orElseThrow(), java.util.Optional.ofNullable(to).map(t -> CheckpointId.parse(t)
                .orElseThrow())));
    }

    private static CheckpointsUseCase.ReadCheckpointFile readFile(CheckpointsUseCase.CheckpointRef ref, String path) {
        return new CheckpointsUseCase.ReadCheckpointFile(ref, path);
    }

    private CheckpointsUseCase.Restored restoreFiles(String wb, String checkpoint, List<String> paths) {
        return f.checkpoints.restore(rq(Phase.RESTORE), new CheckpointsUseCase.RestoreCheckpoint(id(wb),
                CheckpointId.parse(checkpoint), paths));
    }

    /** notes.txt v1 in c1; then notes.txt v2 and data.csv added. */
    private String[] twoStates() {
        String wb = f.workbenchWithNotes();
        String c1 = create(wb, "v1");
        f.workbenchService.remove(rq(Phase.WORKBENCH), new ManageFilesUseCase.RemoveFiles(id(wb), List.of("notes.txt")));
        f.store.source("/v2/notes.txt", "Receipts for 2025 and 2026\n").source("/v2/data.csv", "a,b\n");
        f.workbenchService.add(rq(Phase.WORKBENCH), new ManageFilesUseCase.AddFiles(id(wb), List.of("/v2/notes.txt", "/v2/data.csv")));
        f.events.clear();
        return new String[] {wb, c1};
    }

    @Test
    void diff_against_the_current_files_lists_added_and_changed_with_sizes_and_hashes() {
        String[] s = twoStates();
        CheckpointDiff d = diff(s[0], s[1], null);
        assertThat(d.added()).extracting(CheckpointDiff.Entry::path).containsExactly("data.csv");
        assertThat(d.added().get(0).size()).isEqualTo(4);
        assertThat(d.changed()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("notes.txt");
            assertThat(c.fromSize()).isEqualTo(18);
            assertThat(c.toSize()).isEqualTo(27);
            assertThat(c.fromSha256()).isNotEqualTo(c.toSha256());
        });
        assertThat(d.removed()).isEmpty();
        assertThat(diff(s[0], s[1], s[1]).isEmpty()).isTrue();
    }

    @Test
    void diff_between_two_checkpoints_and_its_errors() {
        String[] s = twoStates();
        String c2 = create(s[0], "v2");
        CheckpointDiff back = diff(s[0], c2, s[1]);
        assertThat(back.removed()).extracting(CheckpointDiff.Entry::path).containsExactly("data.csv");
        assertThat(back.changed()).extracting(CheckpointDiff.Change::path).containsExactly("notes.txt");
        assertThatThrownBy(() -> diff(s[0], s[1], "01JAAAAAAAAAAAAAAAAAAAAAA9"))
                .isInstanceOfSatisfying(TrestleException.class,
                        e -> assertThat(e.info().detailToken()).isEqualTo("unknown_checkpoint"));
    }

    @Test
    void restoring_one_file_keeps_the_others_and_takes_a_pre_restore_checkpoint() {
        String[] s = twoStates();
        var restored = restoreFiles(s[0], s[1], List.of("NOTES.TXT"));

        assertThat(f.store.publishedText(s[0], "notes.txt")).contains("Receipts for 2025\n");
        assertThat(f.store.publishedText(s[0], "data.csv")).contains("a,b\n");
        assertThat(restored.restoredPaths()).containsExactly("notes.txt");
        assertThat(f.store.get(s[0], restored.preRestoreCheckpointId()).orElseThrow().reason())
                .isEqualTo(CheckpointReason.PRE_RESTORE);
        assertThat(f.events.last(EngineEvent.FilesChanged.class).orElseThrow().updated())
                .containsExactly("notes.txt");
        ConversationRecord last = f.conversation.read(s[0]).get(f.conversation.read(s[0]).size() - 1);
        assertThat(last.eventKind()).isEqualTo("checkpoint_restore");
        assertThat(last.metadata()).containsEntry("paths", "notes.txt");
    }

    @Test
    void a_per_file_restore_keeps_the_conversation_without_reading_it_again_and_a_full_restore_reads_it() {
        String[] s = twoStates();
        int before = f.conversation.reads();
        restoreFiles(s[0], s[1], List.of("notes.txt"));
        assertThat(f.conversation.reads()).isEqualTo(before);
        f.checkpoints.restore(rq(Phase.RESTORE), new CheckpointsUseCase.RestoreCheckpoint(id(s[0]),
                CheckpointId.parse(s[1])));
        assertThat(f.conversation.reads()).isGreaterThan(before);
    }

    @Test
    void restoring_a_file_the_checkpoint_lacks_removes_it() {
        String[] s = twoStates();
        restoreFiles(s[0], s[1], List.of("data.csv"));
        assertThat(f.workbenchService.list(rq(Phase.WORKBENCH), id(s[0]))).extracting(FileEntry::path)
                .containsExactly("notes.txt");
        assertThat(f.store.publishedText(s[0], "notes.txt")).contains("Receipts for 2025 and 2026\n");
    }

    @Test
    void an_unknown_path_is_listed_and_nothing_changes_not_even_a_checkpoint() {
        String[] s = twoStates();
        int before = f.store.list(s[0]).checkpoints().size();
        assertThatThrownBy(() -> restoreFiles(s[0], s[1], List.of("notes.txt", "missing.md")))
                .isInstanceOfSatisfying(TrestleException.class, e -> {
                    assertThat(e.info().detail()).isEqualTo("unknown_path: missing.md");
                    assertThat(e.info().phase()).isEqualTo(Phase.RESTORE);
                });
        assertThatThrownBy(() -> restoreFiles(s[0], s[1], List.of()))
                .isInstanceOfSatisfying(TrestleException.class,
                        e -> assertThat(e.info().detail()).isEqualTo("invalid_params: paths"));
        assertThat(f.store.list(s[0]).checkpoints()).hasSize(before);
        assertThat(f.store.publishedText(s[0], "notes.txt")).contains("Receipts for 2025 and 2026\n");
        assertThat(f.events.events()).isEmpty();
    }

    @Test
    void pinning_shows_in_list_and_get_and_unknown_ids_fail() {
        String wb = f.workbenchWithNotes();
        String id = create(wb, "keep me");
        CheckpointMetadata pinned = f.checkpoints.setPinned(rq(Phase.WORKBENCH), ref(wb, id), true);
        assertThat(pinned.pinned()).isTrue();
        assertThat(f.checkpoints.get(rq(Phase.WORKBENCH), ref(wb, id)).pinned()).isTrue();
        assertThat(f.checkpoints.list(rq(Phase.WORKBENCH), id(wb)).checkpoints().get(0).pinned()).isTrue();
        assertThat(f.checkpoints.setPinned(rq(Phase.WORKBENCH), ref(wb, id), false).pinned()).isFalse();
        assertThatThrownBy(() -> f.checkpoints.setPinned(rq(Phase.WORKBENCH), ref(wb, "01JAAAAAAAAAAAAAAAAAAAAAA9"), true))
                .isInstanceOfSatisfying(TrestleException.class,
                        e -> assertThat(e.info().detailToken()).isEqualTo("unknown_checkpoint"));
    }

    @Test
    void a_pin_change_is_announced_once_and_a_repeated_pin_or_an_unknown_id_announces_nothing() {
        String wb = f.workbenchWithNotes();
        String id = create(wb, "keep me");
        f.events.clear();
        f.checkpoints.setPinned(rq(Phase.WORKBENCH), ref(wb, id), true);
        f.checkpoints.setPinned(rq(Phase.WORKBENCH), ref(wb, id), true);
        assertThat(f.events.events()).containsExactly(new EngineEvent.CheckpointPinChanged(wb, id, true));
        f.events.clear();
        f.checkpoints.setPinned(rq(Phase.WORKBENCH), ref(wb, id), false);
        f.checkpoints.setPinned(rq(Phase.WORKBENCH), ref(wb, id), false);
        assertThat(f.events.events()).containsExactly(new EngineEvent.CheckpointPinChanged(wb, id, false));
        f.events.clear();
        assertThatThrownBy(() -> f.checkpoints.setPinned(rq(Phase.WORKBENCH), ref(wb, "01JAAAAAAAAAAAAAAAAAAAAAA9"), true))
                .isInstanceOf(TrestleException.class);
        assertThat(f.events.events()).isEmpty();
    }

    @Test
    void the_store_budget_prunes_the_oldest_unpinned_but_keeps_pinned_and_newest() {
        String wb = f.workbenchWithNotes();
        String pinned = create(wb, "pinned");
        f.checkpoints.setPinned(rq(Phase.WORKBENCH), ref(wb, pinned), true);
        String old = create(wb, "old");
        f.workbenchService.remove(rq(Phase.WORKBENCH), new ManageFilesUseCase.RemoveFiles(id(wb), List.of("notes.txt")));
        f.store.source("/b/big.txt", "x".repeat(100));
        f.workbenchService.add(rq(Phase.WORKBENCH), new ManageFilesUseCase.AddFiles(id(wb), List.of("/b/big.txt")));
        // the store now holds notes.txt (18 bytes) and big.txt (100); a budget of 50 cannot be met
        f.settings.update(st -> new dev.trestle.domain.model.Settings(st.userDefaultModelId(),
                st.limits().withMaxStoreBytes(50), st.providers()));

        String newest = create(wb, "newest");

        List<String> left = f.checkpoints.list(rq(Phase.WORKBENCH), id(wb)).checkpoints().stream()
                .map(CheckpointMetadata::checkpointId).toList();
        assertThat(left).contains(pinned, newest).doesNotContain(old);
        assertThat(f.checkpoints.list(rq(Phase.WORKBENCH), id(wb)).maxStoreBytes()).isEqualTo(50);
        assertThat(f.workbenchLog.entries(wb)).anySatisfy(e -> assertThat(e.metadata()).containsEntry("reason", "store_budget"));
    }

    /** The store grows by an add too: the budget prunes then, not only after the next checkpoint. */
    @Test
    void the_store_budget_applies_when_files_are_added() {
        String wb = f.workbenchWithNotes();
        String old = create(wb, "old");
        f.workbenchService.remove(rq(Phase.WORKBENCH), new ManageFilesUseCase.RemoveFiles(id(wb), List.of("notes.txt")));
        String newest = f.checkpoints.list(rq(Phase.WORKBENCH), id(wb)).checkpoints().get(0).checkpointId();
        assertThat(newest).isNotEqualTo(old);
        f.settings.update(st -> new dev.trestle.domain.model.Settings(st.userDefaultModelId(),
                st.limits().withMaxStoreBytes(50), st.providers()));
        f.store.source("/b/big.txt", "x".repeat(100));

        f.workbenchService.add(rq(Phase.WORKBENCH), new ManageFilesUseCase.AddFiles(id(wb), List.of("/b/big.txt")));

        List<String> left = f.checkpoints.list(rq(Phase.WORKBENCH), id(wb)).checkpoints().stream()
                .map(CheckpointMetadata::checkpointId).toList();
        assertThat(left).contains(newest).doesNotContain(old);
        assertThat(f.workbenchLog.entries(wb)).anySatisfy(e -> assertThat(e.metadata())
                .containsEntry("reason", "store_budget").containsEntry("checkpoint_id", old));
    }

    @Test
    void read_file_returns_the_checkpoint_bytes_matched_in_any_case() {
        String[] s = twoStates();
        var file = f.checkpoints.readFile(rq(Phase.WORKBENCH), readFile(ref(s[0], s[1]), "Notes.txt"));
        assertThat(file.path()).isEqualTo("notes.txt");
        assertThat(new String(file.content(), StandardCharsets.UTF_8)).isEqualTo("Receipts for 2025\n");
        assertThatThrownBy(() -> f.checkpoints.readFile(rq(Phase.WORKBENCH), readFile(ref(s[0], s[1]), "data.csv")))
                .isInstanceOfSatisfying(TrestleException.class,
                        e -> assertThat(e.info().detail()).isEqualTo("unknown_path: data.csv"));
        assertThatThrownBy(() -> f.checkpoints.readFile(rq(Phase.WORKBENCH), readFile(ref(s[0], s[1]), "../x")))
                .isInstanceOfSatisfying(TrestleException.class,
                        e -> assertThat(e.info().errorCode()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }
}
