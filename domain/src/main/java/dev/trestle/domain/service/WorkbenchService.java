package dev.trestle.domain.service;

import dev.trestle.domain.model.AddResult;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.ClutterState;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.RemovalPlan;
import dev.trestle.domain.model.RemoveResult;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.WorkbenchId;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkbenchScope;
import dev.trestle.domain.model.WorkbenchView;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.in.ClutterQuery;
import dev.trestle.domain.port.in.ManageFilesUseCase;
import dev.trestle.domain.port.in.ManageWorkbenchesUseCase;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.DraftStorePort;
import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.IdGeneratorPort;
import dev.trestle.domain.port.out.PublishedFilesPort;
import dev.trestle.domain.port.out.SettingsPort;
import dev.trestle.domain.port.out.WorkbenchCatalogPort;
import dev.trestle.domain.port.out.WorkbenchEventLogPort;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Workbenches, their Published files and their clutter. */
public final class WorkbenchService implements ManageWorkbenchesUseCase, ManageFilesUseCase, ClutterQuery {

    private final WorkbenchCatalogPort catalog;
    private final PublishedFilesPort published;
    private final DraftStorePort drafts;
    private final SettingsPort settings;
    private final WorkbenchEventLogPort workbenchLog;
    private final EngineLogPort log;
    private final IdGeneratorPort ids;
    private final ClockPort clock;
    private final WorkbenchContexts workbenches;
    private final ActiveModels models;
    private final Notifier notifier;
    private final CheckpointService checkpoints;

    public WorkbenchService(WorkbenchCatalogPort catalog, PublishedFilesPort published, DraftStorePort drafts,
                            SettingsPort settings, WorkbenchEventLogPort workbenchLog, EngineLogPort log,
                            IdGeneratorPort ids, ClockPort clock, WorkbenchContexts workbenches, ActiveModels models,
                            Notifier notifier, CheckpointService checkpoints) {
        this.catalog = catalog;
        this.published = published;
        this.drafts = drafts;
        this.settings = settings;
        this.workbenchLog = workbenchLog;
        this.log = log;
        this.ids = ids;
        this.clock = clock;
        this.workbenches = workbenches;
        this.models = models;
        this.notifier = notifier;
        this.checkpoints = checkpoints;
    }

    @Override
    public String create(RequestContext rq, CreateWorkbench command) {
        String trimmed = command.name();
        String id = ids.newUlid();
        Instant now = clock.now();
        String model = models.userDefault().modelId();
        catalog.create(new WorkbenchInfo(id, trimmed, now, now, model), new WorkshopState(model, null));
        log.info("workbench_created", Map.of("workbench_id", id));
        return id;
    }

    @Override
    public WorkbenchView open(RequestContext rq, WorkbenchId workbench) {
        WorkbenchContext ctx = workbenches.context(rq, workbench);
        return new WorkbenchView(ctx.info(), ctx.draft().isPresent());
    }

    @Override
    public List<WorkbenchView> list(RequestContext rq) {
        return catalog.list().stream()
                .map(info -> new WorkbenchView(info, drafts.draft(info.id()).isPresent()))
                .sorted(Comparator.comparing((WorkbenchView v) -> v.info().updatedAt()).reversed()
                        .thenComparing(v -> v.info().id()))
                .toList();
    }

    @Override
    public void delete(RequestContext rq, WorkbenchId workbench) {
        workbenches.withWorkbench(rq, workbenches.context(rq, workbench), ctx -> {
            WorkbenchContexts.requireNoRun(rq, ctx);
            WorkbenchContexts.requireNoDraft(rq, ctx);
            catalog.delete(ctx.id);
            workbenches.forget(ctx.id);
            log.info("workbench_deleted", Map.of("workbench_id", ctx.id));
        });
    }

    @Override
    public WorkbenchScope scope(RequestContext rq, WorkbenchId workbench) {
        WorkbenchContext ctx = workbenches.context(rq, workbench);
        return new WorkbenchScope(settings.read().limits(), catalog.sandboxRoot(ctx.id), ctx.scopeHash());
    }

    @Override
    public List<FileEntry> list(RequestContext rq, WorkbenchId workbench) {
        return workbenches.context(rq, workbench).manifest();
    }

    @Override
    public List<AddResult> add(RequestContext rq, AddFiles command) {
        WorkbenchContext context = workbenches.context(rq, command.workbench());
        List<String> sourcePaths = command.sourcePaths();
        if (sourcePaths.isEmpty()) {
            return List.of();
        }
        return workbenches.withWorkbench(rq, context, ctx -> {
            WorkbenchContexts.requireNoRun(rq, ctx);
            WorkbenchContexts.requireNoDraft(rq, ctx);
            PublishedFilesPort.AddBatch batch;
            try {
                batch = published.add(ctx.id, sourcePaths, settings.read().limits());
            } catch (TrestleException e) {
                throw new TrestleException(e.info().orSubphase("add_files").withWorkbench(ctx.id), e);
            }
            List<String> added = batch.results().stream().filter(r -> r.status() == AddResult.Status.ADDED)
                    .map(AddResult::fileName).toList();
            ctx.setManifest(batch.manifest());
            if (!added.isEmpty()) {
                workbenches.touch(ctx, clock.now());
                workbenchLog.append(ctx.id, "files_added", null, Map.of("files", added));
                notifier.emit(new EngineEvent.FilesChanged(ctx.id, added, List.of(), List.of()));
                notifier.emitClutter(ctx);
                // the store grew: the size budget applies here too (decision #26)
                checkpoints.enforceBudget(ctx);
            }
            return batch.results();
        });
    }

    @Override
    public List<RemoveResult> remove(RequestContext rq, RemoveFiles command) {
        WorkbenchContext context = workbenches.context(rq, command.workbench());
        List<String> workbenchPaths = command.workbenchPaths();
        if (workbenchPaths.isEmpty()) {
            return List.of();
        }
        return workbenches.withWorkbench(rq, context, ctx -> {
            WorkbenchContexts.requireNoRun(rq, ctx);
            WorkbenchContexts.requireNoDraft(rq, ctx);
            // the remove rules (names, case folding, duplicates) are decided here, before any I/O; the safety
            // checkpoint is due exactly when the plan removes something, however the name was spelled
            RemovalPlan plan = RemovalPlan.of(ctx.manifest(), workbenchPaths);
            if (plan.removesAny()) {
                try {
                    checkpoints.createLocked(rq, ctx, CheckpointReason.AUTO, "Before removing files");
                } catch (TrestleException e) {
                    throw new TrestleException(e.info().orSubphase("remove_files"), e);
                }
            }
            List<RemoveResult> results;
            try {
                results = plan.results(plan.removesAny() ? published.remove(ctx.id, plan.targetPaths()) : List.of());
            } catch (TrestleException e) {
                throw new TrestleException(e.info().orSubphase("remove_files").withWorkbench(ctx.id), e);
            }
            List<String> removed = results.stream().filter(r -> r.status() == RemoveResult.Status.REMOVED)
                    .map(RemoveResult::path).toList();
            ctx.setManifest(published.manifest(ctx.id));
            if (!removed.isEmpty()) {
                workbenches.touch(ctx, clock.now());
                workbenchLog.append(ctx.id, "files_removed", null, Map.of("files", removed));
                notifier.emit(new EngineEvent.FilesChanged(ctx.id, List.of(), removed, List.of()));
                notifier.emitClutter(ctx);
            }
            return results;
        });
    }

    @Override
    public ClutterState clutter(RequestContext rq, WorkbenchId workbench) {
        return notifier.clutter(workbenches.context(rq, workbench));
    }
}
