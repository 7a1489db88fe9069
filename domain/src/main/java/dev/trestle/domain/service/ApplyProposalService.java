package dev.trestle.domain.service;

import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.ProposalRules;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.in.ApplyProposalUseCase;
import dev.trestle.domain.port.in.ProposeChangesUseCase;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.DraftStorePort;
import dev.trestle.domain.port.out.IdGeneratorPort;
import dev.trestle.domain.port.out.ProposalStorePort;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Applies a stored proposal to a new Draft, re-checking its rules and its base scope ({@code docs/spec/rpc.md}). */
public final class ApplyProposalService implements ApplyProposalUseCase {
    private static final String APPLY = "apply";
    private static final String FAILED = "apply_failed";

    private final ProposalStorePort proposals;
    private final DraftStorePort drafts;
    private final IdGeneratorPort ids;
    private final ClockPort clock;
    private final WorkbenchContexts workbenches;
    private final Transcript transcript;
    private final Notifier notifier;
    private final WorkshopRuns runs;

    public ApplyProposalService(ProposalStorePort proposals, DraftStorePort drafts, IdGeneratorPort ids,
                                ClockPort clock, WorkbenchContexts workbenches, Transcript transcript,
                                Notifier notifier, WorkshopRuns runs) {
        this.proposals = proposals;
        this.drafts = drafts;
        this.ids = ids;
        this.clock = clock;
        this.workbenches = workbenches;
        this.transcript = transcript;
        this.notifier = notifier;
        this.runs = runs;
    }

    @Override
    public String applyProposal(RequestContext rq, ProposeChangesUseCase.ProposalRef ref) {
        return workbenches.withWorkbench(rq, ref.workbench(), ctx -> {
            WorkbenchContexts.requireNoRun(rq, ctx);
            if (ctx.draft().isPresent()) {
                throw new TrestleException(rq.validation("draft_exists", "review or discard the Draft first")
                        .withSubphase(APPLY).withWorkbench(ctx.id));
            }
            Proposal proposal;
            try {
                proposal = WorkshopRuns.loadProposal(rq, proposals, ctx, ref.proposal());
            } catch (TrestleException e) {
                throw new TrestleException(rq.answer(e.info().orSubphase(APPLY)));
            }
            ProposalRules.Content content;
            try {
                Object tree = proposals.loadTree(ctx.id, proposal.proposalId())
                        .orElseThrow(() -> WorkshopRuns.unknownProposal(rq));
                content = ProposalRules.validate(tree, WorkshopRuns.names(ctx.manifest()));
            } catch (ProposalRules.ViolationException e) {
                ErrorInfo error = e.violation().toError(rq.phase(), APPLY);
                runs.fail(ctx, FAILED, error);
                throw new TrestleException(error.withWorkbench(ctx.id));
            }
            if (content.noChanges()) {
                return null;
            }
            if (!ctx.scopeHash().equals(proposal.baseScopeHash())) {
                ErrorInfo error = rq.error(ErrorCode.CONFLICT_PUBLISHED_CHANGED)
                        .withSubphase(APPLY).withDetail("Published changed since the proposal; propose again");
                runs.fail(ctx, FAILED, error);
                throw new TrestleException(error.withWorkbench(ctx.id));
            }
            Instant now = clock.now();
            String draftId = ids.newUlid();
            DraftInfo draft;
            try {
                draft = drafts.create(ctx.id, draftId, proposal.proposalId(), content.writes(), ctx.scopeHash(), now);
            } catch (TrestleException e) {
                ErrorInfo error = rq.answer(e.info().orSubphase(APPLY));
                runs.fail(ctx, FAILED, error);
                throw new TrestleException(error.withWorkbench(ctx.id), e);
            }
            // the Draft, the cleared pending proposal and the conversation record are one change: if a later write
            // fails (a full disk), the Draft is discarded and the Workshop state put back
            var oldState = ctx.workshop();
            ctx.setDraft(Optional.of(draft));
            try {
                workbenches.saveWorkshop(ctx, oldState.withPendingProposal(null));
                transcript.systemEvent(ctx, "draft_changes_applied", "Proposal applied to a new Draft",
                        Map.of("proposal_id", proposal.proposalId(), "draft_id", draft.draftId()));
            } catch (TrestleException e) {
                try {
                    drafts.discard(ctx.id);
                } catch (RuntimeException undo) {
                    e.addSuppressed(undo);
                }
                try {
                    // discard also clears the pending proposal on disk: put the state back as it was
                    ctx.setDraft(drafts.draft(ctx.id));
                    workbenches.saveWorkshop(ctx, oldState);
                } catch (RuntimeException undo) {
                    e.addSuppressed(undo);
                }
                ErrorInfo error = rq.answer(e.info().orSubphase(APPLY));
                try {
                    runs.fail(ctx, FAILED, error);
                } catch (RuntimeException record) {
                    e.addSuppressed(record);
                }
                throw new TrestleException(error.withWorkbench(ctx.id), e);
            }
            notifier.emit(new EngineEvent.DraftStateChanged(ctx.id, true, draft.draftId(), draft.createdAt(),
                    draft.sourceKind()));
            notifier.emitClutter(ctx);
            return draft.draftId();
        });
    }
}
