package dev.trestle.domain.service;

import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorAction;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.in.DraftUseCase;
import dev.trestle.domain.port.out.DraftStorePort;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Review, publish (atomic swap after a {@code publish} checkpoint) and discard ({@code storage.md} §7). */
public final class DraftService implements DraftUseCase {
    private final EngineCore core;
    private final CheckpointService checkpoints;

    DraftService(EngineCore core, CheckpointService checkpoints) {
        this.core = core;
        this.checkpoints = checkpoints;
    }

    @Override
    public Optional<DraftInfo> state(String workbenchId) {
        return core.context(workbenchId, Phase.PUBLISH).draft();
    }

    private DraftInfo requireDraft(WorkbenchContext ctx, Phase phase) {
        return ctx.draft().orElseThrow(() -> new TrestleException(
                ErrorInfo.validation(phase, "no_draft", "there is no Draft").withWorkbench(ctx.id)));
    }

    @Override
    public Published publish(String workbenchId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.PUBLISH);
        return core.locked(ctx, () -> {
            DraftInfo draft = requireDraft(ctx, Phase.PUBLISH);
            core.requireNoRun(ctx, Phase.PUBLISH);
            core.emit(new EngineEvent.PublishProgress(ctx.id, "validating"));
            core.emit(new EngineEvent.PublishProgress(ctx.id, "conflict_check"));
            if (!ctx.scopeHash().equals(draft.publishedGeneration())) {
                throw new TrestleException(ErrorInfo.of(ErrorCode.CONFLICT_PUBLISHED_CHANGED, Phase.PUBLISH)
                        .withActions(List.of(ErrorAction.DISCARD_DRAFT, ErrorAction.RESTORE_CHECKPOINT))
                        .withWorkbench(ctx.id).withDetail("Published changed since the Draft was created"));
            }
            core.emit(new EngineEvent.PublishProgress(ctx.id, "checkpoint_pre_publish"));
            CheckpointMetadata cp = checkpoints.createLocked(ctx, CheckpointReason.PUBLISH, "Before publish",
                    Phase.PUBLISH);
            DraftStorePort.Published published;
            try {
                published = core.ports.drafts().publish(ctx.id, cp.checkpointId(),
                        phase -> core.emit(new EngineEvent.PublishProgress(ctx.id, phase)));
            } catch (TrestleException e) {
                ctx.setManifest(core.ports.published().manifest(ctx.id));
                ctx.setDraft(core.ports.drafts().draft(ctx.id));
                core.ports.workbenchLog().append(ctx.id, "operation_failed", e.info(), Map.of("operation", "publish"));
                throw new TrestleException(e.info().withPhase(Phase.PUBLISH).withWorkbench(ctx.id), e);
            }
            Instant now = core.ports.clock().now();
            ctx.setManifest(published.after());
            ctx.setDraft(Optional.empty());
            core.touch(ctx);
            core.appendAfterCommit(ctx, ConversationRecord.event(core.messageId("s"), "checkpoint_publish",
                    "Draft published", now, null).withCheckpoint(cp.checkpointId(), CheckpointReason.PUBLISH.wire()));
            core.ports.workbenchLog().append(ctx.id, "draft_published", null,
                    Map.of("draft_id", draft.draftId(), "checkpoint_id", cp.checkpointId()));
            core.emit(new EngineEvent.DraftStateChanged(ctx.id, false, null, null, null));
            core.emit(FileDiff.between(ctx.id, published.before(), published.after()));
            core.emitClutter(ctx);
            return new Published(now, cp.checkpointId());
        });
    }

    @Override
    public void discard(String workbenchId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.PUBLISH);
        core.locked(ctx, () -> {
            DraftInfo draft = requireDraft(ctx, Phase.PUBLISH);
            core.ports.drafts().discard(ctx.id);
            ctx.setDraft(Optional.empty());
            if (ctx.workshop().pendingProposalId() != null) {
                var state = ctx.workshop().withPendingProposal(null);
                core.ports.catalog().saveWorkshopState(ctx.id, state);
                ctx.setWorkshop(state);
            }
            core.ports.workbenchLog().append(ctx.id, "draft_discarded", null, Map.of("draft_id", draft.draftId()));
            core.emit(new EngineEvent.DraftStateChanged(ctx.id, false, null, null, null));
        });
    }

    @Override
    public ChangeSet changeSet(String workbenchId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.REVIEW);
        DraftInfo draft = requireDraft(ctx, Phase.REVIEW);
        return new ChangeSet(draft.draftId(), core.ports.drafts().changeSet(ctx.id));
    }
}
