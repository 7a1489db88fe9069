package dev.trestle.domain.service;

import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorAction;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.FileChange;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.WorkbenchId;
import dev.trestle.domain.port.in.DraftUseCase;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.DraftStorePort;
import dev.trestle.domain.port.out.PublishedFilesPort;
import dev.trestle.domain.port.out.WorkbenchEventLogPort;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Review, publish (atomic swap after a {@code publish} checkpoint) and discard ({@code docs/spec/storage.md} §7). */
public final class DraftService implements DraftUseCase {
    private final DraftStorePort drafts;
    private final PublishedFilesPort published;
    private final WorkbenchEventLogPort workbenchLog;
    private final ClockPort clock;
    private final WorkbenchContexts workbenches;
    private final Transcript transcript;
    private final Notifier notifier;
    private final CheckpointService checkpoints;

    public DraftService(DraftStorePort drafts, PublishedFilesPort published, WorkbenchEventLogPort workbenchLog,
                        ClockPort clock, WorkbenchContexts workbenches, Transcript transcript, Notifier notifier,
                        CheckpointService checkpoints) {
        this.drafts = drafts;
        this.published = published;
        this.workbenchLog = workbenchLog;
        this.clock = clock;
        this.workbenches = workbenches;
        this.transcript = transcript;
        this.notifier = notifier;
        this.checkpoints = checkpoints;
    }

    @Override
    public Optional<DraftInfo> state(RequestContext rq, WorkbenchId workbench) {
        return workbenches.context(rq, workbench).draft();
    }

    private static DraftInfo requireDraft(RequestContext rq, WorkbenchContext ctx) {
        return ctx.draft().orElseThrow(() -> new TrestleException(
                rq.validation("no_draft", "there is no Draft").withWorkbench(ctx.id)));
    }

    @Override
    public Published publish(RequestContext rq, WorkbenchId workbench) {
        return workbenches.withWorkbench(rq, workbench, ctx -> {
            DraftInfo draft = requireDraft(rq, ctx);
            WorkbenchContexts.requireNoRun(rq, ctx);
            notifier.emit(new EngineEvent.PublishProgress(ctx.id, "validating"));
            notifier.emit(new EngineEvent.PublishProgress(ctx.id, "conflict_check"));
            if (!ctx.scopeHash().equals(draft.publishedGeneration())) {
                throw new TrestleException(rq.error(ErrorCode.CONFLICT_PUBLISHED_CHANGED)
                        .withActions(List.of(ErrorAction.DISCARD_DRAFT, ErrorAction.RESTORE_CHECKPOINT))
                        .withWorkbench(ctx.id).withDetail("Published changed since the Draft was created"));
            }
            notifier.emit(new EngineEvent.PublishProgress(ctx.id, "checkpoint_pre_publish"));
            CheckpointMetadata cp = checkpoints.createLocked(rq, ctx, CheckpointReason.PUBLISH, "Before publish");
            DraftStorePort.Published result;
            try {
                result = drafts.publish(ctx.id, cp.checkpointId(),
                        phase -> notifier.emit(new EngineEvent.PublishProgress(ctx.id, phase)));
            } catch (TrestleException e) {
                ctx.setManifest(published.manifest(ctx.id));
                ctx.setDraft(drafts.draft(ctx.id));
                ErrorInfo answered = rq.answer(e.info());
                workbenchLog.append(ctx.id, "operation_failed", answered, Map.of("operation", "publish"));
                throw new TrestleException(answered.withWorkbench(ctx.id), e);
            }
            Instant now = clock.now();
            ctx.setManifest(result.after());
            ctx.setDraft(Optional.empty());
            workbenches.touch(ctx, now);
            transcript.appendAfterCommit(ctx, ConversationRecord.event(transcript.messageId("s"), "checkpoint_publish",
                    "Draft published", now, null).withCheckpoint(cp.checkpointId(), CheckpointReason.PUBLISH.wire()));
            workbenchLog.append(ctx.id, "draft_published", null,
                    Map.of("draft_id", draft.draftId(), "checkpoint_id", cp.checkpointId()));
            notifier.emit(new EngineEvent.DraftStateChanged(ctx.id, false, null, null, null));
            notifier.emit(FileDiff.between(ctx.id, result.before(), result.after()));
            notifier.emitClutter(ctx);
            // the written files were ingested after the publish checkpoint: the size budget applies again
            checkpoints.enforceBudget(ctx);
            return new Published(now, cp.checkpointId());
        });
    }

    @Override
    public void discard(RequestContext rq, WorkbenchId workbench) {
        workbenches.withWorkbench(rq, workbenches.context(rq, workbench), ctx -> {
            DraftInfo draft = requireDraft(rq, ctx);
            drafts.discard(ctx.id);
            ctx.setDraft(Optional.empty());
            if (ctx.workshop().pendingProposalId() != null) {
                workbenches.saveWorkshop(ctx, ctx.workshop().withPendingProposal(null));
            }
            workbenchLog.append(ctx.id, "draft_discarded", null, Map.of("draft_id", draft.draftId()));
            notifier.emit(new EngineEvent.DraftStateChanged(ctx.id, false, null, null, null));
        });
    }

    @Override
    public ChangeSet revertFile(RequestContext rq, RevertFile command) {
        String path = command.path();
        return workbenches.withWorkbench(rq, workbenches.context(rq, command.workbench()), ctx -> {
            DraftInfo draft = requireDraft(rq, ctx);
            FileChange change = FileChange.find(drafts.changeSet(ctx.id), path).orElseThrow(() ->
                    new TrestleException(rq.validation("unknown_path", "the Draft does not change this file")
                            .withWorkbench(ctx.id)));
            drafts.revertFile(ctx.id, change);
            ctx.setDraft(drafts.draft(ctx.id));
            workbenchLog.append(ctx.id, "draft_file_reverted", null, Map.of("draft_id", draft.draftId(),
                    "change_type", change.changeType().name().toLowerCase(java.util.Locale.ROOT)));
            notifier.emit(new EngineEvent.DraftStateChanged(ctx.id, true, draft.draftId(), draft.createdAt(),
                    draft.sourceKind()));
            return new ChangeSet(draft.draftId(), drafts.changeSet(ctx.id));
        });
    }

    @Override
    public ChangeSet changeSet(RequestContext rq, WorkbenchId workbench) {
        WorkbenchContext ctx = workbenches.context(rq, workbench);
        DraftInfo draft = requireDraft(rq, ctx);
        return new ChangeSet(draft.draftId(), drafts.changeSet(ctx.id));
    }
}
