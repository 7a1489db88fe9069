package dev.trestle.domain.service;

import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorAction;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.in.CheckpointsUseCase;
import dev.trestle.domain.port.out.CheckpointStorePort;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Checkpoints: create, list, get, restore ({@code storage.md} §6, §8). */
public final class CheckpointService implements CheckpointsUseCase {
    static final String DEFAULT_DESCRIPTION = "Manual checkpoint";
    static final int MAX_DESCRIPTION = 200;

    private final EngineCore core;

    CheckpointService(EngineCore core) {
        this.core = core;
    }

    @Override
    public CheckpointStorePort.Listing list(String workbenchId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKBENCH);
        return core.ports.checkpoints().list(ctx.id);
    }

    @Override
    public CheckpointMetadata get(String workbenchId, String checkpointId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKBENCH);
        return find(ctx, checkpointId, Phase.WORKBENCH);
    }

    private CheckpointMetadata find(WorkbenchContext ctx, String checkpointId, Phase phase) {
        return core.ports.checkpoints().get(ctx.id, checkpointId).orElseThrow(() -> new TrestleException(
                ErrorInfo.validation(phase, "unknown_checkpoint", "no such checkpoint").withWorkbench(ctx.id)));
    }

    @Override
    public String create(String workbenchId, String description, String reason) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKBENCH);
        if (reason != null && !reason.equals(CheckpointReason.MANUAL.wire())) {
            throw new TrestleException(ErrorInfo.validation(Phase.WORKBENCH, "invalid_reason",
                    "only manual checkpoints can be requested"));
        }
        String text = description == null ? DEFAULT_DESCRIPTION : description.trim();
        if (text.isEmpty()) {
            text = DEFAULT_DESCRIPTION;
        }
        if (text.length() > MAX_DESCRIPTION || text.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new TrestleException(ErrorInfo.validation(Phase.WORKBENCH, "invalid_params",
                    "description: one line of at most 200 characters"));
        }
        String finalText = text;
        return core.locked(ctx, () -> {
            core.requireNoDraft(ctx, Phase.WORKBENCH);
            return createLocked(ctx, CheckpointReason.MANUAL, finalText, Phase.WORKBENCH).checkpointId();
        });
    }

    /** Creates a checkpoint with the lock held and emits {@code CheckpointCreated}. */
    CheckpointMetadata createLocked(WorkbenchContext ctx, CheckpointReason reason, String description, Phase phase) {
        CheckpointMetadata meta;
        try {
            meta = core.ports.checkpoints().create(ctx.id, reason, description);
        } catch (TrestleException e) {
            ErrorInfo info = e.info().errorCode() == ErrorCode.CHECKPOINT_CREATE_FAILED ? e.info()
                    : ErrorInfo.of(ErrorCode.CHECKPOINT_CREATE_FAILED, phase).withDetail(e.info().errorCode().name());
            core.ports.workbenchLog().append(ctx.id, "operation_failed", info, Map.of("operation", "checkpoint"));
            throw new TrestleException(info.withPhase(phase).withWorkbench(ctx.id), e);
        }
        core.emit(new EngineEvent.CheckpointCreated(ctx.id, meta.checkpointId(), meta.reason(), meta.createdAt(),
                meta.description()));
        return meta;
    }

    @Override
    public Restored restore(String workbenchId, String checkpointId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.RESTORE);
        return core.locked(ctx, () -> {
            core.requireNoRun(ctx, Phase.RESTORE);
            core.requireNoDraft(ctx, Phase.RESTORE);
            CheckpointMetadata target = find(ctx, checkpointId, Phase.RESTORE);
            if (!target.restorable()) {
                throw new TrestleException(ErrorInfo.of(ErrorCode.CHECKPOINT_RESTORE_FAILED, Phase.RESTORE)
                        .withActions(List.of(ErrorAction.RESTORE_CHECKPOINT)).withDetail("object_missing")
                        .withWorkbench(ctx.id));
            }
            core.emit(new EngineEvent.RestoreProgress(ctx.id, target.checkpointId(), "pre_restore_checkpoint", null));
            CheckpointMetadata pre = createLocked(ctx, CheckpointReason.PRE_RESTORE,
                    "Before restore to " + target.createdAt(), Phase.RESTORE);
            CheckpointStorePort.Restored restored;
            try {
                restored = core.ports.checkpoints().restore(ctx.id, target.checkpointId(), pre.checkpointId(),
                        p -> core.emit(new EngineEvent.RestoreProgress(ctx.id, target.checkpointId(), p.phase(),
                                p.percent())));
            } catch (TrestleException e) {
                try {
                    reload(ctx);
                    core.ports.workbenchLog().append(ctx.id, "operation_failed", e.info(),
                            Map.of("operation", "restore", "checkpoint_id", target.checkpointId()));
                } catch (RuntimeException unreadable) {
                    // a rollback that could not finish leaves restore.json for startup recovery (storage.md §9);
                    // the half-swapped files must not mask the restore's own error, nor stay cached
                    core.forget(ctx.id);
                    core.ports.log().warn("restore_state_unreadable_after_failure", Map.of("workbench_id", ctx.id,
                            "exception", unreadable.getClass().getSimpleName()));
                }
                throw new TrestleException(e.info().withPhase(Phase.RESTORE).withWorkbench(ctx.id), e);
            }
            reload(ctx);
            ctx.setManifest(restored.after());
            Instant now = core.ports.clock().now();
            core.append(ctx, dev.trestle.domain.model.ConversationRecord.event(core.messageId("s"),
                    "checkpoint_restore", "Restored checkpoint " + target.checkpointId(), now,
                    Map.of("pre_restore_checkpoint_id", pre.checkpointId()))
                    .withCheckpoint(target.checkpointId(), target.reason().wire()));
            core.ports.workbenchLog().append(ctx.id, "checkpoint_restored", null,
                    Map.of("checkpoint_id", target.checkpointId(), "pre_restore_checkpoint_id", pre.checkpointId()));
            core.emit(new EngineEvent.CheckpointRestored(ctx.id, target.checkpointId(), pre.checkpointId()));
            core.emit(FileDiff.between(ctx.id, restored.before(), restored.after()));
            core.emitClutter(ctx);
            return new Restored(pre.checkpointId(), now);
        });
    }

    /** Re-reads what a restore (or its rollback) may have swapped. */
    private void reload(WorkbenchContext ctx) {
        core.ports.catalog().load(ctx.id).ifPresent(ctx::setInfo);
        ctx.setWorkshop(core.ports.catalog().loadWorkshopState(ctx.id).orElse(new WorkshopState(null, null)));
        ctx.setManifest(core.ports.published().manifest(ctx.id));
        ctx.setConversation(core.ports.conversation().read(ctx.id));
    }
}
