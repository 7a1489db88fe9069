package dev.trestle.domain.service;

import static dev.trestle.domain.service.ServiceFixture.id;
import static dev.trestle.domain.service.ServiceFixture.rq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.domain.model.AddResult;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.RemoveResult;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.in.ManageFilesUseCase;
import dev.trestle.domain.port.in.ManageWorkbenchesUseCase;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkbenchServiceTest {
    private final ServiceFixture f = new ServiceFixture();

    @Test
    void the_name_is_created_as_the_command_normalised_it() {
        String wb = f.workbenchService.create(rq(Phase.WORKBENCH),
                new ManageWorkbenchesUseCase.CreateWorkbench("  Garden plan "));
        assertThat(f.workbenchService.open(rq(Phase.WORKBENCH), id(wb)).info().name()).isEqualTo("Garden plan");
    }

    @Test
    void a_new_workbench_gets_the_user_default_model_and_the_default_name() {
        String wb = f.workbenchService.create(rq(Phase.WORKBENCH), new ManageWorkbenchesUseCase.CreateWorkbench(null));
        var view = f.workbenchService.open(rq(Phase.WORKBENCH), id(wb));
        assertThat(view.info().name()).isEqualTo("Untitled Workbench");
        assertThat(view.info().defaultModelId()).isEqualTo(f.models.userDefault().modelId());
    }

    @Test
    void an_unknown_id_fails_in_the_requests_phase() {
        for (String id : new String[] {"01JAAAAAAAAAAAAAAAAAAAAAA9"}) {
            assertThatThrownBy(() -> f.workbenchService.open(rq(Phase.RESTORE), id(id)))
                    .isInstanceOfSatisfying(TrestleException.class, e -> {
                        assertThat(e.info().detailToken()).isEqualTo("unknown_workbench");
                        assertThat(e.info().phase()).isEqualTo(Phase.RESTORE);
                    });
        }
    }

    @Test
    void adding_files_updates_the_manifest_the_clutter_and_the_events() {
        String wb = f.workbenchService.create(rq(Phase.WORKBENCH), new ManageWorkbenchesUseCase.CreateWorkbench("W"));
        f.store.source("/src/a.txt", "alpha").source("/src/b.csv", "x,y\n1,2\n");
        List<AddResult> results = f.workbenchService.add(rq(Phase.WORKBENCH), new ManageFilesUseCase.AddFiles(id(wb),
                List.of("/src/a.txt", "/src/b.csv", "/src/missing.txt")));
        assertThat(results).extracting(AddResult::status).containsExactly(AddResult.Status.ADDED,
                AddResult.Status.ADDED, AddResult.Status.SKIPPED);
        assertThat(f.workbenchService.list(rq(Phase.WORKBENCH), id(wb))).extracting(FileEntry::path)
                .containsExactly("a.txt", "b.csv");
        EngineEvent.FilesChanged changed = f.events.last(EngineEvent.FilesChanged.class).orElseThrow();
        assertThat(changed.added()).containsExactly("a.txt", "b.csv");
        assertThat(f.workbenchService.clutter(rq(Phase.WORKBENCH), id(wb)).usageTokensEstimate()).isGreaterThan(0);
        assertThat(f.workbenchLog.kinds(wb)).containsExactly("files_added");
    }

    @Test
    void removing_a_present_file_takes_an_automatic_checkpoint_first() {
        String wb = f.workbenchWithNotes();
        List<RemoveResult> results = f.workbenchService.remove(rq(Phase.WORKBENCH),
                new ManageFilesUseCase.RemoveFiles(id(wb), List.of("notes.txt", "absent.txt")));
        assertThat(results).extracting(RemoveResult::status).containsExactly(RemoveResult.Status.REMOVED,
                RemoveResult.Status.SKIPPED);
        var listing = f.store.list(wb);
        assertThat(listing.checkpoints()).hasSize(1);
        assertThat(listing.checkpoints().get(0).reason()).isEqualTo(CheckpointReason.AUTO);
        assertThat(listing.checkpoints().get(0).files()).isEqualTo(1);
        assertThat(f.workbenchService.list(rq(Phase.WORKBENCH), id(wb))).isEmpty();
    }

    @Test
    void removing_only_absent_files_takes_no_checkpoint() {
        String wb = f.workbenchWithNotes();
        f.workbenchService.remove(rq(Phase.WORKBENCH), new ManageFilesUseCase.RemoveFiles(id(wb),
                List.of("absent.txt")));
        assertThat(f.store.list(wb).checkpoints()).isEmpty();
        assertThat(f.events.events()).isEmpty();
    }

    @Test
    void a_deleted_workbench_is_gone_from_memory_too() {
        String wb = f.workbenchWithNotes();
        f.workbenchService.delete(rq(Phase.WORKBENCH), id(wb));
        assertThat(f.workbenchService.list(rq(Phase.WORKBENCH))).isEmpty();
        assertThatThrownBy(() -> f.workbenchService.open(rq(Phase.WORKBENCH), id(wb)))
                .isInstanceOfSatisfying(TrestleException.class,
                        e -> assertThat(e.info().detailToken()).isEqualTo("unknown_workbench"));
    }
}
