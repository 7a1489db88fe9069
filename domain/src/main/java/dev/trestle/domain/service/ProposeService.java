package dev.trestle.domain.service;

import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.ProposalRules;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.RetryBudget;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.WorkbenchId;
import dev.trestle.domain.port.in.ProposeChangesUseCase;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.IdGeneratorPort;
import dev.trestle.domain.port.out.JsonParserPort;
import dev.trestle.domain.port.out.ProposalStorePort;
import java.util.List;

/**
 * Asks the active model for a proposal: one JSON object checked by {@link ProposalRules}, asked again once when it
 * breaks a rule ({@code docs/spec/rpc.md} "WorkshopProposeChanges").
 */
public final class ProposeService implements ProposeChangesUseCase {
    private static final String PROPOSAL = "proposal";
    private static final String FAILED = "proposal_failed";

    private final ProposalStorePort proposals;
    private final JsonParserPort json;
    private final IdGeneratorPort ids;
    private final ClockPort clock;
    private final WorkbenchContexts workbenches;
    private final Notifier notifier;
    private final WorkshopRuns runs;
    private final ModelCallService calls;

    public ProposeService(ProposalStorePort proposals, JsonParserPort json, IdGeneratorPort ids, ClockPort clock,
                          WorkbenchContexts workbenches, Notifier notifier, WorkshopRuns runs,
                          ModelCallService calls) {
        this.proposals = proposals;
        this.json = json;
        this.ids = ids;
        this.clock = clock;
        this.workbenches = workbenches;
        this.notifier = notifier;
        this.runs = runs;
        this.calls = calls;
    }

    @Override
    public ProposalOutcome proposeChanges(RequestContext rq, WorkbenchId workbench) {
        WorkshopRuns.Prepared p = workbenches.withWorkbench(rq, workbench,
                ctx -> runs.prepare(rq, ctx, null, PROPOSAL, FAILED, PromptBuilder.PROPOSAL_INSTRUCTION));
        WorkbenchContext ctx = p.ctx();
        ModelCallOutcome last = null;
        ProposalRules.Content content = null;
        ProposalRules.Violation violation = null;
        int requests = 0;
        ChatRequest request = p.request();
        // one retry budget for the whole action, the repair round included (docs/spec/errors.md §5)
        RetryBudget budget = RetryBudget.perAction();
        try {
            for (int attempt = 0; attempt < 2 && content == null; attempt++) {
                StringBuilder text = new StringBuilder();
                last = calls.run(ModelCall.chat(p.model().provider(), p.model().modelId(), p.apiKey(), request,
                        PROPOSAL, runs.guard(rq, p, PROPOSAL)).withReceipts(p.scopeHash(), runs.receipts(p)),
                        text::append, p.run(), budget);
                requests += last.requestsSent();
                if (!last.ok()) {
                    break;
                }
                if (p.run().isCancelled()) {
                    last = WorkshopRuns.cancelled(rq, p, last);
                    break;
                }
                String answer = text.toString();
                try {
                    Object parsed = json.firstObject(answer).orElseThrow(() -> new ProposalRules.ViolationException(
                            new ProposalRules.Violation(false, "no JSON object in the answer")));
                    content = ProposalRules.validate(parsed, WorkshopRuns.names(ctx.manifest()));
                    violation = null;
                } catch (ProposalRules.ViolationException e) {
                    violation = e.violation();
                    request = runs.withMessages(p, request, List.of(
                            new ChatRequest.Message(ChatRequest.Role.ASSISTANT, answer),
                            new ChatRequest.Message(ChatRequest.Role.USER, "That answer broke a rule: "
                                    + violation.message() + ". " + PromptBuilder.PROPOSAL_INSTRUCTION)));
                }
            }
        } catch (TrestleException e) {
            last = new ModelCallOutcome(e.info(), -1, -1, Math.max(requests, 1), false, false);
        }
        ModelCallOutcome outcome = last;
        if (outcome != null && outcome.ok() && content == null && violation != null) {
            outcome = new ModelCallOutcome(violation.toError(rq.phase(), PROPOSAL), outcome.inputTokens(),
                    outcome.outputTokens(), requests, false, true);
        }
        ModelCallOutcome summary = new ModelCallOutcome(outcome.error(), outcome.inputTokens(), outcome.outputTokens(),
                requests, outcome.policyBlocked(), outcome.deltaEmitted());
        ProposalRules.Content accepted = content;
        // the outcome is written even when the request was cancelled meanwhile
        return workbenches.withWorkbench(rq.uncancellable(), ctx, c -> {
            try {
                return finish(rq, p, summary, accepted);
            } finally {
                c.setRun(null);
            }
        });
    }

    private ProposalOutcome finish(RequestContext rq, WorkshopRuns.Prepared p, ModelCallOutcome summary,
                                   ProposalRules.Content content) {
        WorkbenchContext ctx = p.ctx();
        ctx.setRun(null);
        runs.egressEvent(p, "workshop_proposal", summary);
        if (!summary.ok()) {
            ErrorInfo error = rq.answer(summary.error().orSubphase(PROPOSAL))
                    .withProvider(p.model().provider().id()).withModel(p.model().modelId());
            runs.fail(ctx, FAILED, error);
            throw new TrestleException(error.withWorkbench(ctx.id));
        }
        if (summary.requestsSent() == 1) {
            // only the first request's count is known; a repair round changed the request
            runs.calibrate(p, summary.inputTokens());
        }
        Proposal proposal = new Proposal(ids.newUlid(), 1, clock.now(), p.model().modelId(), p.scopeHash(),
                content.summary(), content.noChanges(), content.writes(), content.warnings());
        proposals.save(ctx.id, proposal);
        if (!proposal.noChanges()) {
            try {
                workbenches.saveWorkshop(ctx, ctx.workshop().withPendingProposal(proposal.proposalId()));
            } catch (TrestleException e) {
                // all or nothing (a full disk): the proposal never became pending, so its file goes too
                try {
                    proposals.delete(ctx.id, proposal.proposalId());
                } catch (TrestleException ignored) {
                    // an unreferenced proposal file is harmless; the call's own error is what the client sees
                }
                throw e;
            }
            notifier.emit(new EngineEvent.ProposalReady(ctx.id, proposal.proposalId()));
        }
        return new ProposalOutcome(proposal.proposalId(), proposal.noChanges());
    }

    @Override
    public Proposal proposal(RequestContext rq, ProposalRef ref) {
        return WorkshopRuns.loadProposal(rq, proposals, workbenches.context(rq, ref.workbench()), ref.proposal());
    }

    @Override
    public void dismissProposal(RequestContext rq, DismissProposal command) {
        workbenches.withWorkbench(rq, workbenches.context(rq, command.workbench()), ctx -> {
            if (command.clears(ctx.workshop().pendingProposalId())) {
                workbenches.saveWorkshop(ctx, ctx.workshop().withPendingProposal(null));
            }
        });
    }
}
