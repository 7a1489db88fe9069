package dev.trestle.domain.service;

import static dev.trestle.domain.service.ServiceFixture.id;
import static dev.trestle.domain.service.ServiceFixture.rq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.domain.fakes.FakeProviderTransport;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.FileChange;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProposalId;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.in.ManageFilesUseCase;
import dev.trestle.domain.port.in.ProposeChangesUseCase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ProposeService}, {@link ApplyProposalService} and the Draft they lead to ({@link DraftService}). */
class ProposeAndApplyServiceTest {
    private static final String ANSWER = "{\"summary\":\"Adds a summary\"}";
    private final ServiceFixture f = new ServiceFixture();

    private static Map<String, Object> tree(String path, String content) {
        Map<String, Object> write = new LinkedHashMap<>();
        write.put("path", path);
        write.put("content", content);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("summary", "Adds a summary");
        root.put("no_changes", false);
        root.put("writes", List.of(write));
        root.put("warnings", List.of());
        return root;
    }

    private String proposed(String wb) {
        f.readyWithConsent(wb);
        f.parsed.put(ANSWER, tree("summary.md", "# Summary\n"));
        f.transport.script(FakeProviderTransport.okJson(ANSWER));
        ProposeChangesUseCase.ProposalOutcome outcome = f.propose.proposeChanges(rq(Phase.WORKSHOP), id(wb));
        assertThat(outcome.noChanges()).isFalse();
        return outcome.proposalId();
    }

    @Test
    void a_valid_answer_becomes_the_pending_proposal() {
        String wb = f.workbenchWithNotes();
        String id = proposed(wb);
        assertThat(f.workshop.state(rq(Phase.WORKSHOP), id(wb)).pendingProposalId()).isEqualTo(id);
        assertThat(f.events.last(EngineEvent.ProposalReady.class).orElseThrow().proposalId()).isEqualTo(id);
        assertThat(f.propose.proposal(rq(Phase.WORKSHOP), new ProposeChangesUseCase.ProposalRef(id(wb),
                ProposalId.parse(id))).writes()).extracting(w -> w.path())
                .containsExactly("summary.md");
    }

    @Test
    void an_answer_without_json_is_asked_again_once_then_fails_as_proposal_invalid() {
        String wb = f.workbenchWithNotes();
        f.readyWithConsent(wb);
        f.transport.script(FakeProviderTransport.okJson("no json here"), FakeProviderTransport.okJson("still none"));
        assertThatThrownBy(() -> f.propose.proposeChanges(rq(Phase.WORKSHOP), id(wb)))
                .isInstanceOfSatisfying(TrestleException.class, e -> {
                    assertThat(e.info().errorCode()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.info().subphase()).isEqualTo("proposal");
                });
        assertThat(f.transport.requestCount()).isEqualTo(2);
        ConversationRecord last = f.conversation.read(wb).get(f.conversation.read(wb).size() - 1);
        assertThat(last.eventKind()).isEqualTo("proposal_failed");
    }

    @Test
    void apply_creates_a_draft_and_publish_swaps_it_in_after_a_checkpoint() {
        String wb = f.workbenchWithNotes();
        String proposal = proposed(wb);
        String draftId = f.apply.applyProposal(rq(Phase.WORKSHOP), new ProposeChangesUseCase.ProposalRef(id(wb),
                ProposalId.parse(proposal)));

        assertThat(f.drafts.state(rq(Phase.PUBLISH), id(wb))).get().satisfies(d -> assertThat(d.draftId())
                .isEqualTo(draftId));
        assertThat(f.workshop.state(rq(Phase.WORKSHOP), id(wb)).pendingProposalId()).isNull();
        assertThat(f.drafts.changeSet(rq(Phase.REVIEW), id(wb)).changes()).containsExactly(
                new FileChange("summary.md", FileChange.ChangeType.ADDED));

        var published = f.drafts.publish(rq(Phase.PUBLISH), id(wb));
        assertThat(f.store.get(wb, published.checkpointId()).orElseThrow().reason())
                .isEqualTo(CheckpointReason.PUBLISH);
        assertThat(f.store.publishedText(wb, "summary.md")).contains("# Summary\n");
        assertThat(f.drafts.state(rq(Phase.PUBLISH), id(wb))).isEmpty();
        assertThat(f.events.ofType(EngineEvent.PublishProgress.class)).extracting(EngineEvent.PublishProgress::phase)
                .startsWith("validating", "conflict_check", "checkpoint_pre_publish");
    }

    @Test
    void apply_after_published_changed_is_a_conflict_and_leaves_no_draft() {
        String wb = f.workbenchWithNotes();
        String proposal = proposed(wb);
        f.store.source("/src/late.txt", "late");
        f.workbenchService.add(rq(Phase.WORKBENCH), new ManageFilesUseCase.AddFiles(id(wb), List.of("/src/late.txt")));
        assertThatThrownBy(() -> f.apply.applyProposal(rq(Phase.WORKSHOP), new ProposeChangesUseCase.ProposalRef(id(wb),
                ProposalId.parse(proposal))))
                .isInstanceOfSatisfying(TrestleException.class, e -> {
                    assertThat(e.info().errorCode()).isEqualTo(ErrorCode.CONFLICT_PUBLISHED_CHANGED);
                    assertThat(e.info().subphase()).isEqualTo("apply");
                });
        assertThat(f.drafts.state(rq(Phase.PUBLISH), id(wb))).isEmpty();
        ConversationRecord last = f.conversation.read(wb).get(f.conversation.read(wb).size() - 1);
        assertThat(last.eventKind()).isEqualTo("apply_failed");
    }

    @Test
    void while_a_draft_exists_files_cannot_change_and_discard_clears_it() {
        String wb = f.workbenchWithNotes();
        f.apply.applyProposal(rq(Phase.WORKSHOP), new ProposeChangesUseCase.ProposalRef(id(wb),
                ProposalId.parse(proposed(wb))));
        assertThatThrownBy(() -> f.workbenchService.remove(rq(Phase.WORKBENCH),
                new ManageFilesUseCase.RemoveFiles(id(wb), List.of("notes.txt"))))
                .isInstanceOfSatisfying(TrestleException.class,
                        e -> assertThat(e.info().detailToken()).isEqualTo("draft_exists"));
        f.drafts.discard(rq(Phase.PUBLISH), id(wb));
        assertThat(f.drafts.state(rq(Phase.PUBLISH), id(wb))).isEmpty();
        assertThat(f.workbenchLog.kinds(wb)).contains("draft_discarded");
    }

    @Test
    void an_unknown_proposal_id_fails_with_unknown_proposal() {
        String wb = f.workbenchWithNotes();
        assertThatThrownBy(() -> f.apply.applyProposal(rq(Phase.WORKSHOP), new ProposeChangesUseCase.ProposalRef(id(wb),
                ProposalId.parse("nope"))))
                .isInstanceOfSatisfying(TrestleException.class, e -> {
                    assertThat(e.info().detailToken()).isEqualTo("unknown_proposal");
                    assertThat(e.info().subphase()).isEqualTo("apply");
                });
    }
}
