package dev.trestle.domain.service;

import dev.trestle.domain.model.CheckpointId;
import dev.trestle.domain.model.CheckpointListing;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorAction;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.WorkbenchId;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.in.CheckpointsUseCase;
import dev.trestle.domain.port.out.CheckpointStorePort;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.ConversationPort;
import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.PublishedFilesPort;
import dev.trestle.domain.port.out.WorkbenchCatalogPort;
import dev.trestle.domain.port.out.WorkbenchEventLogPort;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Checkpoints: create, list, get, restore ({@code docs/spec/storage.md} §6, §8). */
public final class CheckpointService implements CheckpointsUseCase {
    static final String DEFAULT_DESCRIPTION = "Manual checkpoint";
    static final int MAX_DESCRIPTION = 200;

    private final CheckpointStorePort checkpoints;
    private final WorkbenchCatalogPort catalog;
    private final PublishedFilesPort published;
    private final ConversationPort conversation;
    private final WorkbenchEventLogPort workbenchLog;
    private final EngineLogPort log;
    private final ClockPort clock;
    private final WorkbenchContexts workbenches;
    private final Transcript transcript;
    private final Notifier notifier;

    public CheckpointService(CheckpointStorePort checkpoints, WorkbenchCatalogPort catalog,
                             PublishedFilesPort published, ConversationPort conversation,
                             WorkbenchEventLogPort workbenchLog, EngineLogPort log, ClockPort clock,
                             WorkbenchContexts workbenches, Transcript transcript, Notifier notifier) {
        this.checkpoints = checkpoints;
        this.catalog = catalog;
        this.published = published;
        this.conversation = conversation;
        this.workbenchLog = workbenchLog;
        this.log = log;
        this.clock = clock;
        this.workbenches = workbenches;
        this.transcript = transcript;
        this.notifier = notifier;
    }

    @Override
    public CheckpointListing list(RequestContext rq, WorkbenchId workbench) {
        CheckpointStorePort.Listing listing = checkpoints.list(workbenches.context(rq, workbench).id);
        return new CheckpointListing(listing.checkpoints(), listing.store());
    }

    @Override
    public CheckpointMetadata get(RequestContext rq, CheckpointRef ref) {
        return find(rq, workbenches.context(rq, ref.workbench()), ref.checkpoint());
    }

    /** The checkpoint; {@code unknown_checkpoint} when none has the id (empty: the text could not be one). */
    private CheckpointMetadata find(RequestContext rq, WorkbenchContext ctx, Optional<CheckpointId> checkpoint) {
        return checkpoint.flatMap(id -> checkpoints.get(ctx.id, id.value())).orElseThrow(() -> new TrestleException(
                rq.validation("unknown_checkpoint", "no such checkpoint").withWorkbench(ctx.id)));
    }

    @Override
    public String create(RequestContext rq, CreateCheckpoint command) {
        WorkbenchContext context = workbenches.context(rq, command.workbench());
        String reason = command.reason();
        String description = command.description();
        if (reason != null && !reason.equals(CheckpointReason.MANUAL.wire())) {
            throw new TrestleException(rq.validation("invalid_reason", "only manual checkpoints can be requested"));
        }
        String text = description == null ? DEFAULT_DESCRIPTION : description.trim();
        if (text.isEmpty()) {
            text = DEFAULT_DESCRIPTION;
        }
        if (text.length() > MAX_DESCRIPTION || text.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new TrestleException(rq.validation("invalid_params",
                    "description: one line of at most 200 characters"));
        }
        String finalText = text;
        return workbenches.withWorkbench(rq, context, ctx -> {
            WorkbenchContexts.requireNoDraft(rq, ctx);
            return createLocked(rq, ctx, CheckpointReason.MANUAL, finalText).checkpointId();
        });
    }

    /** Creates a checkpoint with the lock held and emits {@code CheckpointCreated}. */
    CheckpointMetadata createLocked(RequestContext rq, WorkbenchContext ctx, CheckpointReason reason,
                                    String description) {
        CheckpointMetadata meta;
        try {
            meta = checkpoints.create(ctx.id, reason, description);
        } catch (TrestleException e) {
            ErrorInfo info = e.info().errorCode() == ErrorCode.CHECKPOINT_CREATE_FAILED ? e.info()
                    : rq.error(ErrorCode.CHECKPOINT_CREATE_FAILED).withDetail(e.info().errorCode().name());
            workbenchLog.append(ctx.id, "operation_failed", info, Map.of("operation", "checkpoint"));
            throw new TrestleException(info.withPhase(rq.phase()).withWorkbench(ctx.id), e);
        }
        notifier.emit(new EngineEvent.CheckpointCreated(ctx.id, meta.checkpointId(), meta.reason(), meta.createdAt(),
                meta.description()));
        return meta;
    }

    @Override
    public Restored restore(RequestContext rq, RestoreCheckpoint command) {
        return workbenches.withWorkbench(rq, command.workbench(), ctx -> {
            WorkbenchContexts.requireNoRun(rq, ctx);
            WorkbenchContexts.requireNoDraft(rq, ctx);
            CheckpointMetadata target = find(rq, ctx, command.checkpoint());
            if (!target.restorable()) {
                throw new TrestleException(rq.error(ErrorCode.CHECKPOINT_RESTORE_FAILED)
                        .withActions(List.of(ErrorAction.RESTORE_CHECKPOINT)).withDetail("object_missing")
                        .withWorkbench(ctx.id));
            }
            notifier.emit(new EngineEvent.RestoreProgress(ctx.id, target.checkpointId(), "pre_restore_checkpoint",
                    null));
            CheckpointMetadata pre = createLocked(rq, ctx, CheckpointReason.PRE_RESTORE,
                    "Before restore to " + target.createdAt());
            CheckpointStorePort.Restored restored;
            try {
                restored = checkpoints.restore(ctx.id, target.checkpointId(), pre.checkpointId(),
                        p -> notifier.emit(new EngineEvent.RestoreProgress(ctx.id, target.checkpointId(), p.phase(),
                                p.percent())));
            } catch (TrestleException e) {
                try {
                    reload(ctx);
                    workbenchLog.append(ctx.id, "operation_failed", e.info(),
                            Map.of("operation", "restore", "checkpoint_id", target.checkpointId()));
                } catch (RuntimeException unreadable) {
                    // a rollback that could not finish leaves restore.json for startup recovery
                    // (docs/spec/storage.md §9); the half-swapped files must not mask the restore's own error, nor
                    // stay cached
                    workbenches.forget(ctx.id);
                    log.warn("restore_state_unreadable_after_failure", Map.of("workbench_id", ctx.id,
                            "exception", unreadable.getClass().getSimpleName()));
                }
                throw new TrestleException(e.info().withPhase(rq.phase()).withWorkbench(ctx.id), e);
            }
            reload(ctx);
            ctx.setManifest(restored.after());
            Instant now = clock.now();
            transcript.append(ctx, ConversationRecord.event(transcript.messageId("s"),
                    "checkpoint_restore", "Restored checkpoint " + target.checkpointId(), now,
                    Map.of("pre_restore_checkpoint_id", pre.checkpointId()))
                    .withCheckpoint(target.checkpointId(), target.reason().wire()));
            workbenchLog.append(ctx.id, "checkpoint_restored", null,
                    Map.of("checkpoint_id", target.checkpointId(), "pre_restore_checkpoint_id", pre.checkpointId()));
            notifier.emit(new EngineEvent.CheckpointRestored(ctx.id, target.checkpointId(), pre.checkpointId()));
            notifier.emit(FileDiff.between(ctx.id, restored.before(), restored.after()));
            notifier.emitClutter(ctx);
            return new Restored(pre.checkpointId(), now);
        });
    }

    /** Re-reads what a restore (or its rollback) may have swapped. */
    private void reload(WorkbenchContext ctx) {
        catalog.load(ctx.id).ifPresent(ctx::setInfo);
        ctx.setWorkshop(catalog.loadWorkshopState(ctx.id).orElse(new WorkshopState(null, null)));
        ctx.setManifest(published.manifest(ctx.id));
        ctx.setConversation(conversation.read(ctx.id));
    }
}
