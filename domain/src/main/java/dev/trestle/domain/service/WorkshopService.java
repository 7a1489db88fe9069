package dev.trestle.domain.service;

import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.model.ConsentStatus;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.ProposalRules;
import dev.trestle.domain.model.RetryBudget;
import dev.trestle.domain.model.ProviderEndpoint;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.WorkshopView;
import dev.trestle.domain.port.in.WorkshopUseCase;
import dev.trestle.domain.port.out.JsonParserPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Workshop: conversation, streamed replies, proposals and their application ({@code rpc.md} "Workshop"). */
public final class WorkshopService implements WorkshopUseCase {
    static final long CLUTTER_THROTTLE_NANOS = 250_000_000L;
    private static final String STREAM = "stream";
    private static final String PROPOSAL = "proposal";
    private static final String APPLY = "apply";

    private final EngineCore core;
    private final ConsentService consent;
    private final ModelCallService calls;
    private final JsonParserPort json;
    private final PromptBuilder prompts;

    WorkshopService(EngineCore core, ConsentService consent, ModelCallService calls, JsonParserPort json) {
        this.core = core;
        this.consent = consent;
        this.calls = calls;
        this.json = json;
        this.prompts = core.prompts;
    }

    @Override
    public WorkshopView state(String workbenchId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKSHOP);
        return new WorkshopView(core.activeModel(ctx).modelId(), core.workbenchDefault(ctx).modelId(),
                ctx.draft().isPresent(), ctx.workshop().pendingProposalId(), ctx.run() != null);
    }

    @Override
    public List<ConversationRecord> conversation(String workbenchId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKSHOP);
        return core.ports.conversation().read(ctx.id);
    }

    @Override
    public String sendUserMessage(String workbenchId, String text) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKSHOP);
        return core.locked(ctx, () -> {
            core.requireNoRun(ctx, Phase.WORKSHOP);
            core.requireNoDraft(ctx, Phase.WORKSHOP);
            if (text == null || text.isBlank()) {
                throw new TrestleException(ErrorInfo.validation(Phase.WORKSHOP, "empty_message",
                        "the message is empty"));
            }
            ConversationRecord record = core.append(ctx,
                    ConversationRecord.user(core.messageId("u"), text, core.ports.clock().now()));
            core.emitClutter(ctx);
            return record.messageId();
        });
    }

    // ---- runs ----

    /** What checks 1–6 produced for a run. */
    private record Prepared(WorkbenchContext ctx, WorkshopRun run, ModelEntry model, String apiKey,
                            ChatRequest request, String scopeHash, String endpointHost, long baseTokens) {
    }

    /** Checks 1–6 under the lock; a failure in 1–5 writes nothing, one in 6 appends {@code failureKind}. */
    private Prepared prepare(WorkbenchContext ctx, String messageId, String subphase, String failureKind,
                             String extraInstruction, CancelToken cancel) {
        return core.locked(ctx, () -> {
            core.requireNoDraft(ctx, Phase.WORKSHOP);
            core.requireNoRun(ctx, Phase.WORKSHOP);
            List<ConversationRecord> history = core.ports.conversation().read(ctx.id);
            List<ConversationRecord> sent = new ArrayList<>();
            if (messageId != null) {
                int index = -1;
                for (int i = 0; i < history.size(); i++) {
                    ConversationRecord r = history.get(i);
                    if (r.messageId().equals(messageId) && r.type() == ConversationRecord.Type.USER_MESSAGE) {
                        index = i;
                    }
                }
                if (index < 0) {
                    throw new TrestleException(ErrorInfo.validation(Phase.WORKSHOP, "unknown_message",
                            "no such user message").withSubphase(subphase));
                }
                history = history.subList(0, index + 1);
            }
            history.stream().filter(ConversationRecord::isMessage).forEach(sent::add);
            ModelEntry model = core.activeModel(ctx);
            String apiKey = readiness(model, subphase);
            ConsentStatus status = consent.status(ctx);
            if (!status.consented()) {
                throw new TrestleException(ErrorInfo.of(ErrorCode.EGRESS_CONSENT_REQUIRED, Phase.WORKSHOP)
                        .withSubphase(subphase).withProvider(model.provider().id()).withModel(model.modelId())
                        .withEndpointHost(status.endpointHost()).withScopeHash(status.scopeHash())
                        .withWorkbench(ctx.id));
            }
            PromptBuilder.Built built;
            TokenAccounting.RequestCount count;
            try {
                built = prompts.build(ctx.id, ctx.manifest(), sent, model, extraInstruction, subphase);
                count = core.tokens.forRequest(ctx.manifest(), built, core.contextLimits.window(model));
                FitCheck.require(count.state(), model, subphase, ctx.id);
            } catch (TrestleException e) {
                fail(ctx, failureKind, e.info().withProvider(model.provider().id()).withModel(model.modelId()));
                throw e;
            }
            WorkshopRun run = new WorkshopRun(cancel,
                    () -> core.emit(new EngineEvent.RunCancelRequested(ctx.id)));
            ctx.setRun(run);
            return new Prepared(ctx, run, model, apiKey, built.request(), status.scopeHash(), status.endpointHost(),
                    count.base());
        });
    }

    /** Check 4: provider enabled with a key, endpoint valid. Returns the key. */
    private String readiness(ModelEntry model, String subphase) {
        var settings = core.ports.settings().read();
        Optional<String> key = core.ports.secrets().apiKey(model.provider());
        if (!settings.provider(model.provider()).enabled() || key.isEmpty()) {
            throw new TrestleException(ErrorInfo.of(ErrorCode.PROVIDER_NOT_CONFIGURED, Phase.WORKSHOP)
                    .withSubphase(subphase).withProvider(model.provider().id()).withModel(model.modelId())
                    .withDetail(key.isEmpty() ? "no API key stored" : "provider disabled"));
        }
        ProviderEndpoint endpoint = core.ports.endpoints().effective(model.provider());
        if (!endpoint.isValid()) {
            throw new TrestleException(ErrorInfo.of(ErrorCode.EGRESS_BLOCKED_BY_POLICY, Phase.WORKSHOP)
                    .withSubphase(subphase).withProvider(model.provider().id()).withModel(model.modelId())
                    .withDetail("invalid endpoint: " + endpoint.invalidReason()));
        }
        return key.get();
    }

    /** Re-checked before every attempt: readiness and consent still hold for the same model and scope. */
    private ModelCall.AttemptGuard guard(Prepared p, String subphase) {
        return () -> {
            readiness(p.model(), subphase);
            ConsentStatus status = consent.status(p.ctx());
            if (!status.consented() || !status.modelId().equals(p.model().modelId())
                    || !status.scopeHash().equals(p.scopeHash())) {
                throw new TrestleException(ErrorInfo.of(ErrorCode.EGRESS_CONSENT_REQUIRED, Phase.WORKSHOP)
                        .withSubphase(subphase).withProvider(status.providerId()).withModel(status.modelId())
                        .withEndpointHost(status.endpointHost()).withScopeHash(status.scopeHash()));
            }
        };
    }

    private void fail(WorkbenchContext ctx, String kind, ErrorInfo error) {
        ErrorInfo e = error.withWorkbench(ctx.id);
        core.append(ctx, ConversationRecord.event(core.messageId("s"), kind, describe(kind), core.ports.clock().now(),
                null).withError(e));
        core.emitClutter(ctx);
    }

    private static String describe(String kind) {
        return switch (kind) {
            case "workshop_stream_failed" -> "The reply could not be completed";
            case "proposal_failed" -> "No valid proposal could be produced";
            default -> "The proposal could not be applied";
        };
    }

    private void egressEvent(Prepared p, String kind, ModelCallOutcome outcome) {
        if (outcome.requestsSent() == 0 && !outcome.policyBlocked()) {
            return;
        }
        String eventKind = outcome.policyBlocked() ? "egress_blocked" : kind;
        core.ports.egressLog().append(p.ctx().id, new EgressEvent(core.ports.clock().now(), eventKind,
                p.model().provider().id(), p.model().modelId(), p.endpointHost(), p.scopeHash(),
                outcome.ok() ? "ok" : "error", outcome.ok() ? null : outcome.error().errorCode().name(),
                outcome.inputTokens() >= 0 ? outcome.inputTokens() : null,
                outcome.outputTokens() >= 0 ? outcome.outputTokens() : null));
    }

    @Override
    public StreamedReply streamAssistantReply(String workbenchId, String messageId, CancelToken cancel) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKSHOP);
        Prepared p = prepare(ctx, messageId, STREAM, "workshop_stream_failed", null, cancel);
        String assistantId = core.messageId("a");
        StringBuilder text = new StringBuilder();
        long[] firstDelta = {-1};
        long[] lastClutter = {-1};
        ModelCallOutcome outcome;
        try {
            outcome = calls.run(ModelCall.chat(p.model().provider(), p.model().modelId(), p.apiKey(), p.request(),
                    STREAM, guard(p, STREAM)), delta -> {
                        if (p.run().isCancelled()) {
                            return;
                        }
                        text.append(delta);
                        core.emit(new EngineEvent.StreamDelta(ctx.id, assistantId, delta));
                        long now = core.ports.clock().nanoTime();
                        if (firstDelta[0] < 0) {
                            firstDelta[0] = now;
                        } else if (now - firstDelta[0] >= CLUTTER_THROTTLE_NANOS
                                && (lastClutter[0] < 0 || now - lastClutter[0] >= CLUTTER_THROTTLE_NANOS)) {
                            lastClutter[0] = now;
                            p.run().inflightTokens = core.tokens.messageTokens(text.toString());
                            core.emitClutter(ctx);
                        }
                    }, p.run());
        } catch (TrestleException e) {
            // the guard refused a later attempt (consent or readiness changed)
            outcome = new ModelCallOutcome(e.info(), -1, -1, 1, false, text.length() > 0);
        }
        return finishStream(p, assistantId, text.toString(), outcome);
    }

    private StreamedReply finishStream(Prepared p, String assistantId, String text, ModelCallOutcome outcome) {
        WorkbenchContext ctx = p.ctx();
        ModelCallOutcome result = outcome;
        if (result.ok() && p.run().isCancelled()) {
            result = cancelled(p, result);
        }
        ModelCallOutcome finalOutcome = result;
        ctx.lock.lock();
        try {
            egressEvent(p, "workshop_chat", finalOutcome);
            if (!finalOutcome.ok()) {
                ErrorInfo error = finalOutcome.error().withPhase(Phase.WORKSHOP).withSubphase(STREAM)
                        .withProvider(p.model().provider().id()).withModel(p.model().modelId());
                ctx.setRun(null);
                fail(ctx, "workshop_stream_failed", error);
                throw new TrestleException(error.withWorkbench(ctx.id));
            }
            core.tokens.calibrate(p.model(), p.baseTokens(), finalOutcome.inputTokens());
            core.append(ctx, ConversationRecord.assistant(assistantId, text, core.ports.clock().now(),
                    p.model().modelId()));
            ctx.setRun(null);
            core.emit(new EngineEvent.MessageComplete(ctx.id, assistantId));
            core.emitClutter(ctx);
            return new StreamedReply(assistantId, p.model().modelId());
        } finally {
            ctx.setRun(null);
            ctx.lock.unlock();
        }
    }

    private static ModelCallOutcome cancelled(Prepared p, ModelCallOutcome outcome) {
        return new ModelCallOutcome(ErrorInfo.of(ErrorCode.USER_CANCELED, Phase.WORKSHOP)
                .withProvider(p.model().provider().id()).withModel(p.model().modelId()),
                -1, -1, outcome.requestsSent(), false, outcome.deltaEmitted());
    }

    @Override
    public boolean cancelRun(String workbenchId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKSHOP);
        WorkshopRun run = ctx.run();
        // the run emits WorkshopRunCancelRequested itself, as it does for $/cancelRequest
        return run != null && run.cancel();
    }

    @Override
    public ProposalOutcome proposeChanges(String workbenchId, CancelToken cancel) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKSHOP);
        Prepared p = prepare(ctx, null, PROPOSAL, "proposal_failed", PromptBuilder.PROPOSAL_INSTRUCTION, cancel);
        ModelCallOutcome last = null;
        ProposalRules.Content content = null;
        ProposalRules.Violation violation = null;
        int requests = 0;
        ChatRequest request = p.request();
        RetryBudget budget = RetryBudget.perAction();
        try {
            for (int attempt = 0; attempt < 2 && content == null; attempt++) {
                StringBuilder text = new StringBuilder();
                last = calls.run(ModelCall.chat(p.model().provider(), p.model().modelId(), p.apiKey(), request,
                        PROPOSAL, guard(p, PROPOSAL)), text::append, p.run(), budget);
                requests += last.requestsSent();
                if (!last.ok()) {
                    break;
                }
                if (p.run().isCancelled()) {
                    last = cancelled(p, last);
                    break;
                }
                String answer = text.toString();
                try {
                    Object parsed = json.firstObject(answer).orElseThrow(() -> new ProposalRules.ViolationException(
                            new ProposalRules.Violation(false, "no JSON object in the answer")));
                    content = ProposalRules.validate(parsed, names(ctx.manifest()));
                    violation = null;
                } catch (ProposalRules.ViolationException e) {
                    violation = e.violation();
                    List<ChatRequest.Message> retry = new ArrayList<>(request.messages());
                    retry.add(new ChatRequest.Message(ChatRequest.Role.ASSISTANT, answer));
                    retry.add(new ChatRequest.Message(ChatRequest.Role.USER, "That answer broke a rule: "
                            + violation.message() + ". " + PromptBuilder.PROPOSAL_INSTRUCTION));
                    request = new ChatRequest(request.apiModelName(), request.systemText(), retry);
                }
            }
        } catch (TrestleException e) {
            last = new ModelCallOutcome(e.info(), -1, -1, Math.max(requests, 1), false, false);
        }
        ModelCallOutcome outcome = last;
        if (outcome != null && outcome.ok() && content == null && violation != null) {
            outcome = new ModelCallOutcome(violation.toError(Phase.WORKSHOP, PROPOSAL), outcome.inputTokens(),
                    outcome.outputTokens(), requests, false, true);
        }
        ModelCallOutcome summary = new ModelCallOutcome(outcome.error(), outcome.inputTokens(), outcome.outputTokens(),
                requests, outcome.policyBlocked(), outcome.deltaEmitted());
        ctx.lock.lock();
        try {
            ctx.setRun(null);
            egressEvent(p, "workshop_proposal", summary);
            if (!summary.ok()) {
                ErrorInfo error = summary.error().withPhase(Phase.WORKSHOP).withSubphase(PROPOSAL)
                        .withProvider(p.model().provider().id()).withModel(p.model().modelId());
                fail(ctx, "proposal_failed", error);
                throw new TrestleException(error.withWorkbench(ctx.id));
            }
            if (requests == 1) {
                core.tokens.calibrate(p.model(), p.baseTokens(), summary.inputTokens());
            }
            Proposal proposal = new Proposal(core.ports.ids().newUlid(), 1, core.ports.clock().now(),
                    p.model().modelId(), p.scopeHash(), content.summary(), content.noChanges(), content.writes(),
                    content.warnings());
            core.ports.proposals().save(ctx.id, proposal);
            if (!proposal.noChanges()) {
                var state = ctx.workshop().withPendingProposal(proposal.proposalId());
                core.ports.catalog().saveWorkshopState(ctx.id, state);
                ctx.setWorkshop(state);
                core.emit(new EngineEvent.ProposalReady(ctx.id, proposal.proposalId()));
            }
            return new ProposalOutcome(proposal.proposalId(), proposal.noChanges());
        } finally {
            ctx.setRun(null);
            ctx.lock.unlock();
        }
    }

    private static List<String> names(List<FileEntry> manifest) {
        return manifest.stream().map(FileEntry::path).toList();
    }

    @Override
    public Proposal proposal(String workbenchId, String proposalId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKSHOP);
        return load(ctx, proposalId);
    }

    private Proposal load(WorkbenchContext ctx, String proposalId) {
        if (!dev.trestle.domain.model.Ulid.isValid(proposalId)) {
            throw unknownProposal();
        }
        return core.ports.proposals().load(ctx.id, proposalId).orElseThrow(WorkshopService::unknownProposal);
    }

    private static TrestleException unknownProposal() {
        return new TrestleException(ErrorInfo.validation(Phase.WORKSHOP, "unknown_proposal", "no such proposal"));
    }

    @Override
    public String applyProposal(String workbenchId, String proposalId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKSHOP);
        return core.locked(ctx, () -> {
            core.requireNoRun(ctx, Phase.WORKSHOP);
            if (ctx.draft().isPresent()) {
                throw new TrestleException(ErrorInfo.validation(Phase.WORKSHOP, "draft_exists",
                        "review or discard the Draft first").withSubphase(APPLY).withWorkbench(ctx.id));
            }
            Proposal proposal;
            try {
                proposal = load(ctx, proposalId);
            } catch (TrestleException e) {
                throw new TrestleException(e.info().withSubphase(APPLY));
            }
            ProposalRules.Content content;
            try {
                Object tree = core.ports.proposals().loadTree(ctx.id, proposal.proposalId())
                        .orElseThrow(WorkshopService::unknownProposal);
                content = ProposalRules.validate(tree, names(ctx.manifest()));
            } catch (ProposalRules.ViolationException e) {
                ErrorInfo error = e.violation().toError(Phase.WORKSHOP, APPLY);
                fail(ctx, "apply_failed", error);
                throw new TrestleException(error.withWorkbench(ctx.id));
            }
            if (content.noChanges()) {
                return null;
            }
            if (!ctx.scopeHash().equals(proposal.baseScopeHash())) {
                ErrorInfo error = ErrorInfo.of(ErrorCode.CONFLICT_PUBLISHED_CHANGED, Phase.WORKSHOP)
                        .withSubphase(APPLY).withDetail("Published changed since the proposal; propose again");
                fail(ctx, "apply_failed", error);
                throw new TrestleException(error.withWorkbench(ctx.id));
            }
            Instant now = core.ports.clock().now();
            String draftId = core.ports.ids().newUlid();
            DraftInfo draft;
            try {
                draft = core.ports.drafts().create(ctx.id, draftId, proposal.proposalId(), content.writes(),
                        ctx.scopeHash(), now);
            } catch (TrestleException e) {
                ErrorInfo error = e.info().withPhase(Phase.WORKSHOP).withSubphase(APPLY);
                fail(ctx, "apply_failed", error);
                throw new TrestleException(error.withWorkbench(ctx.id), e);
            }
            ctx.setDraft(Optional.of(draft));
            var state = ctx.workshop().withPendingProposal(null);
            core.ports.catalog().saveWorkshopState(ctx.id, state);
            ctx.setWorkshop(state);
            core.systemEvent(ctx, "draft_changes_applied", "Proposal applied to a new Draft",
                    Map.of("proposal_id", proposal.proposalId(), "draft_id", draft.draftId()));
            core.emit(new EngineEvent.DraftStateChanged(ctx.id, true, draft.draftId(), draft.createdAt(),
                    draft.sourceKind()));
            core.emitClutter(ctx);
            return draft.draftId();
        });
    }

    @Override
    public void dismissProposal(String workbenchId, String proposalId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKSHOP);
        core.locked(ctx, () -> {
            String pending = ctx.workshop().pendingProposalId();
            if (pending != null && (proposalId == null || proposalId.equals(pending))) {
                var state = ctx.workshop().withPendingProposal(null);
                core.ports.catalog().saveWorkshopState(ctx.id, state);
                ctx.setWorkshop(state);
            }
        });
    }
}
