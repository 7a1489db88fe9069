package dev.trestle.domain.service;

import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.model.ConsentStatus;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.model.EgressReceipt;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.MessageId;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.ObservedContextLimits;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.ProposalId;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.ConversationPort;
import dev.trestle.domain.port.out.EgressEventLogPort;
import dev.trestle.domain.port.out.ProposalStorePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a Workshop run (stream or proposal) shares: checks 1–6 before the call ({@code docs/spec/rpc.md} "Workshop"),
 * the guard re-checked before every attempt, the egress record and the failure record afterwards.
 */
public final class WorkshopRuns {
    private final ConversationPort conversation;
    private final EgressEventLogPort egressLog;
    private final ClockPort clock;
    private final PromptBuilder prompts;
    private final TokenAccounting tokens;
    private final ObservedContextLimits contextLimits;
    private final ActiveModels models;
    private final ProviderReadiness readiness;
    private final ConsentService consent;
    private final Transcript transcript;
    private final Notifier notifier;

    /**
     * {@code tokens} counts each request for the fit check ({@code algorithms.md} §6.4) against the window
     * {@code contextLimits} corrects.
     */
    public WorkshopRuns(ConversationPort conversation, EgressEventLogPort egressLog, ClockPort clock,
                        PromptBuilder prompts, TokenAccounting tokens, ObservedContextLimits contextLimits,
                        ActiveModels models, ProviderReadiness readiness, ConsentService consent,
                        Transcript transcript, Notifier notifier) {
        this.conversation = conversation;
        this.egressLog = egressLog;
        this.clock = clock;
        this.prompts = prompts;
        this.tokens = tokens;
        this.contextLimits = contextLimits;
        this.models = models;
        this.readiness = readiness;
        this.consent = consent;
        this.transcript = transcript;
        this.notifier = notifier;
    }

    /** What checks 1–6 produced for a run; {@code baseTokens} is the request's local count (for calibration). */
    record Prepared(WorkbenchContext ctx, WorkshopRun run, ModelEntry model, String apiKey, ChatRequest request,
                    String scopeHash, String endpointHost, long baseTokens) {
    }

    /**
     * Checks 1–6 with the lock held; a failure in 1–5 writes nothing, one in 6 appends {@code failureKind}.
     * {@code replyTo}: null for a run that answers no message (propose); else the user message to answer, empty when
     * the request's text could not be a message id ({@code unknown_message} at step 3).
     */
    Prepared prepare(RequestContext rq, WorkbenchContext ctx, Optional<MessageId> replyTo, String subphase,
                     String failureKind, String extraInstruction) {
        WorkbenchContexts.requireNoDraft(rq, ctx);
        WorkbenchContexts.requireNoRun(rq, ctx);
        List<ConversationRecord> history = conversation.read(ctx.id);
        List<ConversationRecord> sent = new ArrayList<>();
        if (replyTo != null) {
            String messageId = replyTo.map(MessageId::value).orElse(null);
            int index = -1;
            for (int i = 0; messageId != null && i < history.size(); i++) {
                ConversationRecord r = history.get(i);
                if (r.messageId().equals(messageId) && r.type() == ConversationRecord.Type.USER_MESSAGE) {
                    index = i;
                }
            }
            if (index < 0) {
                throw new TrestleException(rq.validation("unknown_message", "no such user message")
                        .withSubphase(subphase));
            }
            history = history.subList(0, index + 1);
        }
        history.stream().filter(ConversationRecord::isMessage).forEach(sent::add);
        ModelEntry model = models.activeModel(ctx);
        String apiKey = readiness.requireReady(model, rq.phase(), subphase);
        ConsentStatus status = consent.status(ctx, rq.client());
        if (!status.consented()) {
            throw new TrestleException(rq.error(ErrorCode.EGRESS_CONSENT_REQUIRED)
                    .withSubphase(subphase).withProvider(model.provider().id()).withModel(model.modelId())
                    .withEndpointHost(status.endpointHost()).withScopeHash(status.scopeHash())
                    .withWorkbench(ctx.id));
        }
        TokenAccounting.RequestCount count;
        ModelEntry limits = contextLimits.window(model);
        try {
            PromptBuilder.Built built = prompts.build(ctx.id, ctx.manifest(), sent, model, extraInstruction, subphase);
            count = tokens.forRequest(ctx.manifest(), built, limits);
            FitCheck.require(count.state(), model, subphase, ctx.id);
        } catch (TrestleException e) {
            // recorded as the request answers it: the method's phase, the run's subphase unless the failure set one
            fail(ctx, failureKind, rq.answer(e.info().orSubphase(subphase)).withProvider(model.provider().id())
                    .withModel(model.modelId()));
            throw e;
        }
        WorkshopRun run = new WorkshopRun(rq.cancel(), () -> notifier.emit(new EngineEvent.RunCancelRequested(ctx.id)));
        ctx.setRun(run);
        return new Prepared(ctx, run, model, apiKey, count.request(), status.scopeHash(), status.endpointHost(),
                count.base());
    }

    /** {@code request} with {@code added} messages, its token count grown by theirs (a proposal's repair round). */
    ChatRequest withMessages(Prepared p, ChatRequest request, List<ChatRequest.Message> added) {
        List<ChatRequest.Message> all = new ArrayList<>(request.messages());
        all.addAll(added);
        Long total = request.tokens() == null ? null : request.tokens() + tokens.addedTokens(p.model(), added);
        return request.withMessages(all, total);
    }

    /** Learns the model's token ratio from a completed request's reported input tokens (exact models ignore it). */
    void calibrate(Prepared p, long reportedInputTokens) {
        tokens.calibrate(p.model(), p.baseTokens(), reportedInputTokens);
    }

    /** Local tokens of a streamed reply so far, as the message it will become. */
    long streamedTokens(String text) {
        return tokens.messageTokens(text);
    }

    /** Re-checked before every attempt: readiness and consent still hold for the same model and scope. */
    ModelCall.AttemptGuard guard(RequestContext rq, Prepared p, String subphase) {
        return () -> {
            readiness.requireReady(p.model(), rq.phase(), subphase);
            ConsentStatus status = consent.status(p.ctx(), rq.client());
            if (!status.consented() || !status.modelId().equals(p.model().modelId())
                    || !status.scopeHash().equals(p.scopeHash())) {
                throw new TrestleException(rq.error(ErrorCode.EGRESS_CONSENT_REQUIRED)
                        .withSubphase(subphase).withProvider(status.providerId()).withModel(status.modelId())
                        .withEndpointHost(status.endpointHost()).withScopeHash(status.scopeHash()));
            }
        };
    }

    /** Appends the failure event of {@code kind} and the new clutter; lock held. */
    void fail(WorkbenchContext ctx, String kind, ErrorInfo error) {
        ErrorInfo e = error.withWorkbench(ctx.id);
        transcript.append(ctx, ConversationRecord.event(transcript.messageId("s"), kind, describe(kind), clock.now(),
                null).withError(e));
        notifier.emitClutter(ctx);
    }

    private static String describe(String kind) {
        return switch (kind) {
            case "workshop_stream_failed" -> "The reply could not be completed";
            case "proposal_failed" -> "No valid proposal could be produced";
            default -> "The proposal could not be applied";
        };
    }

    /** Receipts of a Workshop call's requests go to the Workbench's egress log, stamped now. */
    EgressReceipt.Sink receipts(Prepared p) {
        String workbenchId = p.ctx().id;
        return r -> egressLog.append(workbenchId, EgressEvent.of(r.withTimestamp(clock.now())));
    }

    /** The egress record of a finished call, unless nothing was sent and nothing blocked. */
    void egressEvent(Prepared p, String kind, ModelCallOutcome outcome) {
        if (outcome.requestsSent() == 0 && !outcome.policyBlocked()) {
            return;
        }
        String eventKind = outcome.policyBlocked() ? "egress_blocked" : kind;
        egressLog.append(p.ctx().id, new EgressEvent(clock.now(), eventKind,
                p.model().provider().id(), p.model().modelId(), p.endpointHost(), p.scopeHash(),
                outcome.ok() ? "ok" : "error", outcome.ok() ? null : outcome.error().errorCode().name(),
                outcome.inputTokens() >= 0 ? outcome.inputTokens() : null,
                outcome.outputTokens() >= 0 ? outcome.outputTokens() : null));
    }

    static ModelCallOutcome cancelled(RequestContext rq, Prepared p, ModelCallOutcome outcome) {
        return new ModelCallOutcome(rq.error(ErrorCode.USER_CANCELED)
                .withProvider(p.model().provider().id()).withModel(p.model().modelId()),
                -1, -1, outcome.requestsSent(), false, outcome.deltaEmitted());
    }

    static List<String> names(List<FileEntry> manifest) {
        return manifest.stream().map(FileEntry::path).toList();
    }

    /** A stored proposal of the Workbench; {@code unknown_proposal} otherwise (empty: the text could not be an id). */
    static Proposal loadProposal(RequestContext rq, ProposalStorePort proposals, WorkbenchContext ctx,
                                 Optional<ProposalId> proposal) {
        return proposal.flatMap(id -> proposals.load(ctx.id, id.value())).orElseThrow(() -> unknownProposal(rq));
    }

    static TrestleException unknownProposal(RequestContext rq) {
        return new TrestleException(rq.validation("unknown_proposal", "no such proposal"));
    }
}
