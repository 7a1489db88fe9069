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
}
