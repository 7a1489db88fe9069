package dev.trestle.domain.service;

import dev.trestle.domain.model.AddResult;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.ClutterState;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.FlatName;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.RemoveResult;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkbenchScope;
import dev.trestle.domain.model.WorkbenchView;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.in.ClutterQuery;
import dev.trestle.domain.port.in.ManageFilesUseCase;
import dev.trestle.domain.port.in.ManageWorkbenchesUseCase;
import dev.trestle.domain.port.out.PublishedFilesPort;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Workbenches, their Published files and their clutter. */
public final class WorkbenchService implements ManageWorkbenchesUseCase, ManageFilesUseCase, ClutterQuery {
    static final String DEFAULT_NAME = "Untitled Workbench";
    static final int MAX_NAME = 120;

    private final EngineCore core;
    private final CheckpointService checkpoints;

    WorkbenchService(EngineCore core, CheckpointService checkpoints) {
        this.core = core;
        this.checkpoints = checkpoints;
    }

    @Override
    public String create(String name) {
        String trimmed = name == null ? DEFAULT_NAME : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME || trimmed.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new TrestleException(ErrorInfo.validation(Phase.WORKBENCH, "invalid_params",
                    "name must be 1-120 printable characters"));
        }
        String id = core.ports.ids().newUlid();
        Instant now = core.ports.clock().now();
        String model = core.userDefault().modelId();
        core.ports.catalog().create(new WorkbenchInfo(id, trimmed, now, now, model), new WorkshopState(model, null));
        core.ports.log().info("workbench_created", Map.of("workbench_id", id));
        return id;
    }

    @Override
    public WorkbenchView open(String workbenchId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKBENCH);
        return new WorkbenchView(ctx.info(), ctx.draft().isPresent());
    }

    @Override
    public List<WorkbenchView> list() {
        return core.ports.catalog().list().stream()
                .map(info -> new WorkbenchView(info, core.ports.drafts().draft(info.id()).isPresent()))
                .sorted(Comparator.comparing((WorkbenchView v) -> v.info().updatedAt()).reversed()
                        .thenComparing(v -> v.info().id()))
                .toList();
    }

    @Override
    public void delete(String workbenchId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKBENCH);
        core.locked(ctx, () -> {
            core.requireNoRun(ctx, Phase.WORKBENCH);
            core.requireNoDraft(ctx, Phase.WORKBENCH);
            core.ports.catalog().delete(ctx.id);
            core.forget(ctx.id);
            core.ports.log().info("workbench_deleted", Map.of("workbench_id", ctx.id));
        });
    }

    @Override
    public WorkbenchScope scope(String workbenchId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKBENCH);
        return new WorkbenchScope(core.ports.settings().read().limits(), core.ports.catalog().sandboxRoot(ctx.id),
                ctx.scopeHash());
    }

    @Override
    public List<FileEntry> list(String workbenchId) {
        return core.context(workbenchId, Phase.WORKBENCH).manifest();
    }

    @Override
    public List<AddResult> add(String workbenchId, List<String> sourcePaths) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKBENCH);
        if (sourcePaths.isEmpty()) {
            return List.of();
        }
        return core.locked(ctx, () -> {
            core.requireNoRun(ctx, Phase.WORKBENCH);
            core.requireNoDraft(ctx, Phase.WORKBENCH);
            PublishedFilesPort.AddBatch batch;
            try {
                batch = core.ports.published().add(ctx.id, sourcePaths, core.ports.settings().read().limits());
            } catch (TrestleException e) {
                throw new TrestleException(e.info().withSubphase("add_files").withWorkbench(ctx.id), e);
            }
            List<String> added = batch.results().stream().filter(r -> r.status() == AddResult.Status.ADDED)
                    .map(AddResult::fileName).toList();
            ctx.setManifest(batch.manifest());
            if (!added.isEmpty()) {
                core.touch(ctx);
                core.ports.workbenchLog().append(ctx.id, "files_added", null, Map.of("files", added));
                core.emit(new EngineEvent.FilesChanged(ctx.id, added, List.of(), List.of()));
                core.emitClutter(ctx);
            }
            return batch.results();
        });
    }

    @Override
    public List<RemoveResult> remove(String workbenchId, List<String> workbenchPaths) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKBENCH);
        if (workbenchPaths.isEmpty()) {
            return List.of();
        }
        return core.locked(ctx, () -> {
            core.requireNoRun(ctx, Phase.WORKBENCH);
            core.requireNoDraft(ctx, Phase.WORKBENCH);
            Set<String> present = new HashSet<>();
            ctx.manifest().forEach(f -> present.add(FlatName.foldCase(f.path())));
            if (workbenchPaths.stream().anyMatch(p -> p != null && present.contains(FlatName.foldCase(p)))) {
                try {
                    checkpoints.createLocked(ctx, CheckpointReason.AUTO, "Before removing files", Phase.WORKBENCH);
                } catch (TrestleException e) {
                    throw new TrestleException(e.info().withSubphase("remove_files"), e);
                }
            }
            List<RemoveResult> results;
            try {
                results = core.ports.published().remove(ctx.id, workbenchPaths);
            } catch (TrestleException e) {
                throw new TrestleException(e.info().withSubphase("remove_files").withWorkbench(ctx.id), e);
            }
            List<String> removed = results.stream().filter(r -> r.status() == RemoveResult.Status.REMOVED)
                    .map(RemoveResult::path).toList();
            ctx.setManifest(core.ports.published().manifest(ctx.id));
            if (!removed.isEmpty()) {
                core.touch(ctx);
                core.ports.workbenchLog().append(ctx.id, "files_removed", null, Map.of("files", removed));
                core.emit(new EngineEvent.FilesChanged(ctx.id, List.of(), removed, List.of()));
                core.emitClutter(ctx);
            }
            return results;
        });
    }

    @Override
    public ClutterState clutter(String workbenchId) {
        return core.clutter(core.context(workbenchId, Phase.WORKBENCH));
    }
}
