package dev.trestle.domain.service;

import static dev.trestle.domain.service.ServiceFixture.id;
import static dev.trestle.domain.service.ServiceFixture.rq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.domain.fakes.FakeProviderTransport;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.FileChange;
import dev.trestle.domain.model.InvalidInputException;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProposalId;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.in.DraftUseCase;
import dev.trestle.domain.port.in.ProposeChangesUseCase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-file review: {@link DraftService#revertFile} rejects one change, and publish then publishes what is left. */
class DraftRevertFileTest {
    private static final String ANSWER = "{\"summary\":\"Two changes\"}";
    private final ServiceFixture f = new ServiceFixture();

    private static Map<String, Object> write(String path, String content) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("path", path);
        w.put("content", content);
        return w;
    }

    /** A Workbench with notes.txt and a Draft that modifies notes.txt and adds summary.md. */
    private String withDraft() {
        String wb = f.workbenchWithNotes();
        f.readyWithConsent(wb);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("summary", "Two changes");
        root.put("no_changes", false);
        root.put("writes", List.of(write("summary.md", "# Summary\n"), write("notes.txt", "Receipts, sorted\n")));
        root.put("warnings", List.of());
        f.parsed.put(ANSWER, root);
        f.transport.script(FakeProviderTransport.okJson(ANSWER));
        String proposal = f.propose.proposeChanges(rq(Phase.WORKSHOP), id(wb)).proposalId();
        f.apply.applyProposal(rq(Phase.WORKSHOP), new ProposeChangesUseCase.ProposalRef(id(wb),
                ProposalId.parse(proposal)));
        f.events.clear();
        return wb;
    }

    @Test
    void rejecting_a_modified_file_keeps_the_other_change_and_publish_publishes_only_that() {
        String wb = withDraft();
        String draftId = f.drafts.state(rq(Phase.REVIEW), id(wb)).orElseThrow().draftId();

        var left = f.drafts.revertFile(rq(Phase.REVIEW), new DraftUseCase.RevertFile(id(wb), "notes.txt"));

        assertThat(left.draftId()).isEqualTo(draftId);
        assertThat(left.changes()).containsExactly(new FileChange("summary.md", FileChange.ChangeType.ADDED));
        assertThat(f.drafts.changeSet(rq(Phase.REVIEW), id(wb)).changes()).isEqualTo(left.changes());
        assertThat(f.drafts.state(rq(Phase.REVIEW), id(wb)).orElseThrow().written()).containsExactly("summary.md");
        assertThat(f.events.ofType(EngineEvent.DraftStateChanged.class)).singleElement()
                .satisfies(e -> assertThat(e.hasDraft()).isTrue());
        assertThat(f.workbenchLog.kinds(wb)).contains("draft_file_reverted");

        f.drafts.publish(rq(Phase.PUBLISH), id(wb));
        assertThat(f.store.publishedText(wb, "notes.txt")).contains("Receipts for 2025\n");
        assertThat(f.store.publishedText(wb, "summary.md")).contains("# Summary\n");
    }

    @Test
    void rejecting_an_added_file_drops_it_so_publish_does_not_add_it() {
        String wb = withDraft();
        var left = f.drafts.revertFile(rq(Phase.REVIEW), new DraftUseCase.RevertFile(id(wb), "summary.md"));
        assertThat(left.changes()).containsExactly(new FileChange("notes.txt", FileChange.ChangeType.MODIFIED));

        f.drafts.revertFile(rq(Phase.REVIEW), new DraftUseCase.RevertFile(id(wb), "notes.txt"));
        // nothing left: the Draft stays (the person publishes nothing or discards it)
        assertThat(f.drafts.changeSet(rq(Phase.REVIEW), id(wb)).changes()).isEmpty();
        assertThat(f.drafts.state(rq(Phase.REVIEW), id(wb))).isPresent();

        f.drafts.publish(rq(Phase.PUBLISH), id(wb));
        assertThat(f.store.publishedText(wb, "summary.md")).isEmpty();
        assertThat(f.store.publishedText(wb, "notes.txt")).contains("Receipts for 2025\n");
    }

    @Test
    void an_unchanged_or_unknown_path_fails_unknown_path_and_changes_nothing() {
        String wb = withDraft();
        f.drafts.revertFile(rq(Phase.REVIEW), new DraftUseCase.RevertFile(id(wb), "notes.txt"));
        f.events.clear();
        for (String path : List.of("notes.txt", "nope.txt", "../escape.txt", "SUMMARY.MD")) {
            assertThatThrownBy(() -> f.drafts.revertFile(rq(Phase.REVIEW), new DraftUseCase.RevertFile(id(wb), path)))
                    .as(path).isInstanceOfSatisfying(TrestleException.class, e -> {
                        assertThat(e.info().detailToken()).isEqualTo("unknown_path");
                        assertThat(e.info().phase()).isEqualTo(Phase.REVIEW);
                        assertThat(e.info().workbenchId()).isEqualTo(wb);
                    });
        }
        assertThatThrownBy(() -> new DraftUseCase.RevertFile(id(wb), ""))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.token()).isEqualTo("invalid_params"));
        assertThat(f.drafts.changeSet(rq(Phase.REVIEW), id(wb)).changes())
                .containsExactly(new FileChange("summary.md", FileChange.ChangeType.ADDED));
        assertThat(f.events.events()).isEmpty();
    }

    @Test
    void without_a_draft_it_fails_no_draft() {
        String wb = f.workbenchWithNotes();
        assertThatThrownBy(() -> f.drafts.revertFile(rq(Phase.REVIEW),
                new DraftUseCase.RevertFile(id(wb), "notes.txt")))
                .isInstanceOfSatisfying(TrestleException.class,
                        e -> assertThat(e.info().detailToken()).isEqualTo("no_draft"));
        assertThat(f.events.events()).isEmpty();
    }
}
