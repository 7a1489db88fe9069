package dev.trestle.domain.service;

import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.WorkbenchId;
import dev.trestle.domain.model.WorkshopView;
import dev.trestle.domain.port.in.WorkshopUseCase;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.ConversationPort;
import java.util.List;

/** The Workshop conversation and its streamed replies ({@code docs/spec/rpc.md} "Workshop"). */
public final class WorkshopStreamService implements WorkshopUseCase {
    static final long CLUTTER_THROTTLE_NANOS = 250_000_000L;
    private static final String STREAM = "stream";
    private static final String FAILED = "workshop_stream_failed";

    private final ConversationPort conversation;
    private final ClockPort clock;
    private final WorkbenchContexts workbenches;
    private final ActiveModels models;
    private final Transcript transcript;
    private final Notifier notifier;
    private final WorkshopRuns runs;
    private final ModelCallService calls;

    public WorkshopStreamService(ConversationPort conversation, ClockPort clock, WorkbenchContexts workbenches,
                                 ActiveModels models, Transcript transcript, Notifier notifier, WorkshopRuns runs,
                                 ModelCallService calls) {
        this.conversation = conversation;
        this.clock = clock;
        this.workbenches = workbenches;
        this.models = models;
        this.transcript = transcript;
        this.notifier = notifier;
        this.runs = runs;
        this.calls = calls;
    }

    @Override
    public WorkshopView state(RequestContext rq, WorkbenchId workbench) {
        WorkbenchContext ctx = workbenches.context(rq, workbench);
        return new WorkshopView(models.activeModel(ctx).modelId(), models.workbenchDefault(ctx).modelId(),
                ctx.draft().isPresent(), ctx.workshop().pendingProposalId(), ctx.run() != null);
    }

    @Override
    public List<ConversationRecord> conversation(RequestContext rq, WorkbenchId workbench) {
        return conversation.read(workbenches.context(rq, workbench).id);
    }

    @Override
    public String sendUserMessage(RequestContext rq, SendUserMessage command) {
        String text = command.text();
        return workbenches.withWorkbench(rq, command.workbench(), ctx -> {
            WorkbenchContexts.requireNoRun(rq, ctx);
            WorkbenchContexts.requireNoDraft(rq, ctx);
            if (text == null || text.isBlank()) {
                throw new TrestleException(rq.validation("empty_message", "the message is empty"));
            }
            ConversationRecord record = transcript.append(ctx,
                    ConversationRecord.user(transcript.messageId("u"), text, clock.now()));
            notifier.emitClutter(ctx);
            return record.messageId();
        });
    }

    @Override
    public StreamedReply streamAssistantReply(RequestContext rq, StreamReply command) {
        WorkshopRuns.Prepared p = workbenches.withWorkbench(rq, command.workbench(),
                ctx -> runs.prepare(rq, ctx, command.message(), STREAM, FAILED, null));
        WorkbenchContext ctx = p.ctx();
        String assistantId = transcript.messageId("a");
        StringBuilder text = new StringBuilder();
        long[] firstDelta = {-1};
        long[] lastClutter = {-1};
        ModelCallOutcome outcome;
        try {
            outcome = calls.run(ModelCall.chat(p.model().provider(), p.model().modelId(), p.apiKey(), p.request(),
                    STREAM, runs.guard(rq, p, STREAM)).withReceipts(p.scopeHash(), runs.receipts(p)), delta -> {
                        if (p.run().isCancelled()) {
                            return;
                        }
                        text.append(delta);
                        notifier.emit(new EngineEvent.StreamDelta(ctx.id, assistantId, delta));
                        long now = clock.nanoTime();
                        if (firstDelta[0] < 0) {
                            firstDelta[0] = now;
                        } else if (now - firstDelta[0] >= CLUTTER_THROTTLE_NANOS
                                && (lastClutter[0] < 0 || now - lastClutter[0] >= CLUTTER_THROTTLE_NANOS)) {
                            lastClutter[0] = now;
                            p.run().inflightTokens = runs.streamedTokens(text.toString());
                            notifier.emitClutter(ctx);
                        }
                    }, p.run());
        } catch (TrestleException e) {
            // the guard refused a later attempt (consent or readiness changed)
            outcome = new ModelCallOutcome(e.info(), -1, -1, 1, false, text.length() > 0);
        }
        ModelCallOutcome result = outcome.ok() && p.run().isCancelled()
                ? WorkshopRuns.cancelled(rq, p, outcome) : outcome;
        // the outcome is written even when the request was cancelled meanwhile
        return workbenches.withWorkbench(rq.uncancellable(), ctx, c -> {
            try {
                return finish(rq, p, assistantId, text.toString(), result);
            } finally {
                c.setRun(null);
            }
        });
    }

    private StreamedReply finish(RequestContext rq, WorkshopRuns.Prepared p, String assistantId, String text,
                                 ModelCallOutcome outcome) {
        WorkbenchContext ctx = p.ctx();
        runs.egressEvent(p, "workshop_chat", outcome);
        if (!outcome.ok()) {
            ErrorInfo error = rq.answer(outcome.error().orSubphase(STREAM))
                    .withProvider(p.model().provider().id()).withModel(p.model().modelId());
            ctx.setRun(null);
            runs.fail(ctx, FAILED, error);
            throw new TrestleException(error.withWorkbench(ctx.id));
        }
        runs.calibrate(p, outcome.inputTokens());
        transcript.append(ctx, ConversationRecord.assistant(assistantId, text, clock.now(), p.model().modelId()));
        ctx.setRun(null);
        notifier.emit(new EngineEvent.MessageComplete(ctx.id, assistantId));
        notifier.emitClutter(ctx);
        return new StreamedReply(assistantId, p.model().modelId());
    }

    @Override
    public boolean cancelRun(RequestContext rq, WorkbenchId workbench) {
        WorkshopRun run = workbenches.context(rq, workbench).run();
        // the run emits WorkshopRunCancelRequested itself, as it does for $/cancelRequest
        return run != null && run.cancel();
    }
}
