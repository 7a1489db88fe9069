package dev.trestle.domain.service;

import dev.trestle.domain.model.CheckpointDiff;
import dev.trestle.domain.model.CheckpointId;
import dev.trestle.domain.model.CheckpointListing;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorAction;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.FlatName;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.RestoreSelection;
import dev.trestle.domain.model.RetentionPolicy;
import dev.trestle.domain.model.StoreStats;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.WorkbenchId;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.in.CheckpointsUseCase;
import dev.trestle.domain.port.out.CheckpointStorePort;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.ConversationPort;
import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.PublishedFilesPort;
import dev.trestle.domain.port.out.SettingsPort;
import dev.trestle.domain.port.out.WorkbenchCatalogPort;
import dev.trestle.domain.port.out.WorkbenchEventLogPort;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checkpoints: create, list, get, restore (all or some files), compare, pin, read a file
 * ({@code docs/spec/storage.md} §6, §8; {@code rpc.md} "Checkpoints"). After each create the optional store size budget
 * ({@code checkpoints.max_store_bytes}) prunes the oldest unpinned checkpoints but the newest.
 */
public final class CheckpointService implements CheckpointsUseCase {
    static final String DEFAULT_DESCRIPTION = "Manual checkpoint";
    static final int MAX_DESCRIPTION = 200;
    /** The largest file {@code CheckpointsReadFile} returns (16 MiB). */
    public static final long MAX_READ_BYTES = 16L * 1024 * 1024;
    /** At most this many names are listed in an {@code unknown_path} detail. */
    static final int MAX_LISTED = 20;

    private final CheckpointStorePort checkpoints;
    private final WorkbenchCatalogPort catalog;
    private final PublishedFilesPort published;
    private final ConversationPort conversation;
    private final WorkbenchEventLogPort workbenchLog;
    private final EngineLogPort log;
    private final SettingsPort settings;
    private final ClockPort clock;
    private final WorkbenchContexts workbenches;
    private final Transcript transcript;
    private final Notifier notifier;

    public CheckpointService(CheckpointStorePort checkpoints, WorkbenchCatalogPort catalog,
                             PublishedFilesPort published, ConversationPort conversation,
                             WorkbenchEventLogPort workbenchLog, EngineLogPort log, SettingsPort settings,
                             ClockPort clock, WorkbenchContexts workbenches, Transcript transcript,
                             Notifier notifier) {
        this.checkpoints = checkpoints;
        this.catalog = catalog;
        this.published = published;
        this.conversation = conversation;
        this.workbenchLog = workbenchLog;
        this.log = log;
        this.settings = settings;
        this.clock = clock;
        this.workbenches = workbenches;
        this.transcript = transcript;
        this.notifier = notifier;
    }

    @Override
    public CheckpointListing list(RequestContext rq, WorkbenchId workbench) {
        CheckpointStorePort.Listing listing = checkpoints.list(workbenches.context(rq, workbench).id);
        return new CheckpointListing(listing.checkpoints(), listing.store(), settings.read().limits().maxStoreBytes());
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
        return createLocked(rq, ctx, reason, description, Set.of());
    }

    /** As above; the size budget never prunes one of {@code keep} (a restore's target). */
    private CheckpointMetadata createLocked(RequestContext rq, WorkbenchContext ctx, CheckpointReason reason,
                                            String description, Set<String> keep) {
        CheckpointMetadata meta;
        try {
            meta = checkpoints.create(ctx.id, reason, description);
        } catch (TrestleException e) {
            ErrorInfo info = e.info().errorCode() == ErrorCode.CHECKPOINT_CREATE_FAILED ? e.info()
                    : rq.error(ErrorCode.CHECKPOINT_CREATE_FAILED).withDetail(e.info().errorCode().name());
            ErrorInfo answered = rq.answer(info);
            workbenchLog.append(ctx.id, "operation_failed", answered, Map.of("operation", "checkpoint"));
            throw new TrestleException(answered.withWorkbench(ctx.id), e);
        }
        notifier.emit(new EngineEvent.CheckpointCreated(ctx.id, meta.checkpointId(), meta.reason(), meta.createdAt(),
                meta.description()));
        enforceBudget(ctx, meta.checkpointId(), keep);
        return meta;
    }

    /**
     * The store size budget after the store grew without a checkpoint of its own (files added, a publish's written
     * files ingested): as {@link #enforceBudget(WorkbenchContext, String, Set)} with the newest checkpoint protected.
     */
    void enforceBudget(WorkbenchContext ctx) {
        if (settings.read().limits().maxStoreBytes() <= 0) {
            return;
        }
        try {
            List<CheckpointMetadata> all = checkpoints.list(ctx.id).checkpoints();
            if (!all.isEmpty()) {
                enforceBudget(ctx, all.get(0).checkpointId(), Set.of());
            }
        } catch (RuntimeException e) {
            log.warn("store_budget_failed", Map.of("workbench_id", ctx.id,
                    "exception", e.getClass().getSimpleName()));
        }
    }

    /**
     * The store size budget: while the store is larger than {@code checkpoints.max_store_bytes}, prunes the oldest
     * checkpoint that is neither pinned, the newest, nor in {@code keep}. Best effort: a failure is logged, the
     * checkpoint just created stands.
     */
    private void enforceBudget(WorkbenchContext ctx, String newestId, Set<String> keep) {
        long budget = settings.read().limits().maxStoreBytes();
        if (budget <= 0) {
            return;
        }
        try {
            CheckpointStorePort.Listing listing = checkpoints.list(ctx.id);
            StoreStats stats = listing.store();
            List<CheckpointMetadata> left = new java.util.ArrayList<>(listing.checkpoints());
            Set<String> protect = new HashSet<>(keep);
            protect.add(newestId);
            while (stats.bytes() > budget) {
                String victim = RetentionPolicy.nextOverBudget(left, protect);
                if (victim == null) {
                    break;
                }
                stats = checkpoints.prune(ctx.id, victim);
                left.removeIf(c -> c.checkpointId().equals(victim));
                workbenchLog.append(ctx.id, "checkpoint_pruned", null,
                        Map.of("checkpoint_id", victim, "reason", "store_budget"));
            }
        } catch (RuntimeException e) {
            log.warn("store_budget_failed", Map.of("workbench_id", ctx.id,
                    "exception", e.getClass().getSimpleName()));
        }
    }

    @Override
    public Restored restore(RequestContext rq, RestoreCheckpoint command) {
        List<String> paths = command.paths();
        if (paths != null && paths.isEmpty()) {
            throw new TrestleException(rq.validation("invalid_params", "paths"));
        }
        return workbenches.withWorkbench(rq, command.workbench(), ctx -> {
            WorkbenchContexts.requireNoRun(rq, ctx);
            WorkbenchContexts.requireNoDraft(rq, ctx);
            CheckpointMetadata target = find(rq, ctx, command.checkpoint());
            if (!target.restorable()) {
                throw new TrestleException(rq.error(ErrorCode.CHECKPOINT_RESTORE_FAILED)
                        .withActions(List.of(ErrorAction.RESTORE_CHECKPOINT)).withDetail("object_missing")
                        .withWorkbench(ctx.id));
            }
            RestoreSelection selection = paths == null ? null : select(rq, ctx, target, paths);
            notifier.emit(new EngineEvent.RestoreProgress(ctx.id, target.checkpointId(), "pre_restore_checkpoint",
                    null));
            CheckpointMetadata pre = createLocked(rq, ctx, CheckpointReason.PRE_RESTORE,
                    (selection == null ? "Before restore to " : "Before restoring files from ") + target.createdAt(),
                    Set.of(target.checkpointId()));
            CheckpointStorePort.Restored restored;
            try {
                java.util.function.Consumer<CheckpointStorePort.Progress> progress = p -> notifier.emit(
                        new EngineEvent.RestoreProgress(ctx.id, target.checkpointId(), p.phase(), p.percent()));
                restored = selection == null
                        ? checkpoints.restore(ctx.id, target.checkpointId(), pre.checkpointId(), progress)
                        : checkpoints.restoreFiles(ctx.id, target.checkpointId(), pre.checkpointId(),
                                selection.result(), progress);
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
                throw new TrestleException(rq.answer(e.info()).withWorkbench(ctx.id), e);
            }
            // a per-file restore keeps the conversation: only a full restore replaces it (re-read and re-counted)
            reloadMeta(ctx);
            if (selection == null) {
                ctx.setConversation(conversation.read(ctx.id));
            }
            ctx.setManifest(restored.after());
            Instant now = clock.now();
            // the entries that can differ only (the store leaves out the parts both manifests share): O(change)
            FileDiffNames changedNames = FileDiffNames.of(restored.beforeDiffering(), restored.afterDiffering());
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("pre_restore_checkpoint_id", pre.checkpointId());
            if (selection != null) {
                meta.put("paths", String.join("\n", changedNames.names()));
            }
            transcript.append(ctx, ConversationRecord.event(transcript.messageId("s"), "checkpoint_restore",
                    selection == null ? "Restored checkpoint " + target.checkpointId()
                            : "Restored " + selection.selected() + " file(s) from checkpoint " + target.checkpointId(),
                    now, meta).withCheckpoint(target.checkpointId(), target.reason().wire()));
            Map<String, Object> logMeta = new LinkedHashMap<>();
            logMeta.put("checkpoint_id", target.checkpointId());
            logMeta.put("pre_restore_checkpoint_id", pre.checkpointId());
            if (selection != null) {
                logMeta.put("files", selection.selected());
            }
            workbenchLog.append(ctx.id, "checkpoint_restored", null, logMeta);
            notifier.emit(new EngineEvent.CheckpointRestored(ctx.id, target.checkpointId(), pre.checkpointId()));
            notifier.emit(FileDiff.between(ctx.id, restored.beforeDiffering(), restored.afterDiffering()));
            notifier.emitClutter(ctx);
            return new Restored(pre.checkpointId(), now, selection == null ? null : changedNames.names());
        });
    }

    /** The per-file selection, or {@code unknown_path} naming what neither side has (nothing changed). */
    private RestoreSelection select(RequestContext rq, WorkbenchContext ctx, CheckpointMetadata target,
                                    List<String> paths) {
        List<FileEntry> targetFiles = checkpoints.files(ctx.id, target.checkpointId()).orElseThrow(
                () -> new TrestleException(rq.validation("unknown_checkpoint", "no such checkpoint")
                        .withWorkbench(ctx.id)));
        RestoreSelection selection = RestoreSelection.of(ctx.manifest(), targetFiles, paths);
        if (selection.hasUnknown()) {
            throw new TrestleException(rq.validation("unknown_path", listed(selection.unknown()))
                    .withWorkbench(ctx.id));
        }
        return selection;
    }

    private static String listed(List<String> names) {
        List<String> shown = names.size() > MAX_LISTED ? names.subList(0, MAX_LISTED) : names;
        String text = String.join(", ", shown);
        return names.size() > MAX_LISTED ? text + " and " + (names.size() - MAX_LISTED) + " more" : text;
    }

    @Override
    public CheckpointDiff diff(RequestContext rq, CompareCheckpoints command) {
        WorkbenchContext ctx = workbenches.context(rq, command.workbench());
        // the store leaves out the parts both manifests share (counted as unchanged), so the merge is O(change)
        CheckpointStorePort.ManifestDelta delta = checkpoints.compare(ctx.id, command.from().value(),
                command.to().map(CheckpointId::value).orElse(null)).orElseThrow(() -> new TrestleException(
                        rq.validation("unknown_checkpoint", "no such checkpoint").withWorkbench(ctx.id)));
        CheckpointDiff d = CheckpointDiff.between(delta.from(), delta.to());
        return new CheckpointDiff(d.added(), d.removed(), d.changed(), d.unchanged() + delta.shared());
    }

    private List<FileEntry> manifestOf(RequestContext rq, WorkbenchContext ctx, String checkpointId) {
        return checkpoints.files(ctx.id, checkpointId).orElseThrow(() -> new TrestleException(
                rq.validation("unknown_checkpoint", "no such checkpoint").withWorkbench(ctx.id)));
    }

    @Override
    public CheckpointMetadata setPinned(RequestContext rq, CheckpointRef ref, boolean pinned) {
        return workbenches.withWorkbench(rq, ref.workbench(), ctx -> {
            CheckpointMetadata before = find(rq, ctx, ref.checkpoint());
            String checkpointId = before.checkpointId();
            CheckpointMetadata meta = checkpoints.setPinned(ctx.id, checkpointId, pinned).orElseThrow(
                    () -> new TrestleException(rq.validation("unknown_checkpoint", "no such checkpoint")
                            .withWorkbench(ctx.id)));
            workbenchLog.append(ctx.id, pinned ? "checkpoint_pinned" : "checkpoint_unpinned", null,
                    Map.of("checkpoint_id", checkpointId));
            if (before.pinned() != pinned) { // decision: pinning a pinned checkpoint (a no-op) tells no one
                notifier.emit(new EngineEvent.CheckpointPinChanged(ctx.id, checkpointId, pinned));
            }
            return meta;
        });
    }

    @Override
    public FileContent readFile(RequestContext rq, ReadCheckpointFile command) {
        CheckpointRef ref = command.checkpoint();
        String path = command.path();
        WorkbenchContext ctx = workbenches.context(rq, ref.workbench());
        String checkpointId = find(rq, ctx, ref.checkpoint()).checkpointId();
        List<FileEntry> files = manifestOf(rq, ctx, checkpointId);
        if (path == null || !FlatName.isValid(path)) {
            throw new TrestleException(rq.validation("invalid_params", "path").withWorkbench(ctx.id));
        }
        FileEntry entry = files.stream().filter(e -> e.path().equals(path)).findFirst()
                .or(() -> {
                    String folded = FlatName.foldCase(path);
                    return files.stream().filter(e -> FlatName.foldCase(e.path()).equals(folded)).findFirst();
                })
                .orElseThrow(() -> new TrestleException(rq.validation("unknown_path", path).withWorkbench(ctx.id)));
        if (entry.size() > MAX_READ_BYTES) {
            throw new TrestleException(rq.validation("file_too_large", "larger than 16 MiB")
                    .withWorkbench(ctx.id));
        }
        Optional<byte[]> bytes = checkpoints.readObject(ctx.id, entry.sha256());
        if (bytes.isEmpty()) {
            throw new TrestleException(rq.error(ErrorCode.FILE_READ_FAILED).withDetail("object_missing")
                    .withWorkbench(ctx.id));
        }
        return new FileContent(entry.path(), entry.size(), entry.sha256(), bytes.get());
    }

    /** The names a restore changed (added, removed or relinked), in name order. */
    private record FileDiffNames(List<String> names) {
        static FileDiffNames of(List<FileEntry> before, List<FileEntry> after) {
            CheckpointDiff d = CheckpointDiff.between(before, after);
            java.util.TreeSet<String> out = new java.util.TreeSet<>();
            d.added().forEach(e -> out.add(e.path()));
            d.removed().forEach(e -> out.add(e.path()));
            d.changed().forEach(c -> out.add(c.path()));
            return new FileDiffNames(List.copyOf(out));
        }
    }

    /** Re-reads what a restore (or its rollback) may have swapped. */
    private void reload(WorkbenchContext ctx) {
        reloadMeta(ctx);
        ctx.setManifest(published.manifest(ctx.id));
        ctx.setConversation(conversation.read(ctx.id));
    }

    /** The name, default model and Workshop state a restore rewrote. */
    private void reloadMeta(WorkbenchContext ctx) {
        catalog.load(ctx.id).ifPresent(ctx::setInfo);
        ctx.setWorkshop(catalog.loadWorkshopState(ctx.id).orElse(new WorkshopState(null, null)));
    }
}
