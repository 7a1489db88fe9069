package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.Ulid;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.out.WorkbenchCatalogPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Workbench folders themselves ({@code storage.md} §4): create, list, load, save, delete. */
public final class FileSystemWorkbenchCatalog implements WorkbenchCatalogPort {
    private final WorkbenchDirs dirs;
    private final StoreContext ctx;
    private final CheckpointIndex checkpoints;

    FileSystemWorkbenchCatalog(WorkbenchDirs dirs, CheckpointIndex checkpoints) {
        this.dirs = dirs;
        this.ctx = dirs.ctx;
        this.checkpoints = checkpoints;
    }

    @Override
    public void create(WorkbenchInfo info, WorkshopState state) {
        Phase phase = Phase.WORKBENCH;
        WorkbenchDir d = ctx.dir(info.id(), phase);
        if (FsUtil.exists(d.root())) {
            throw FsErrors.validation(phase, "invalid_params", "workbench exists");
        }
        Path tmp = FsUtil.tempIn(ctx.workbenches, info.id());
        try {
            Files.createDirectories(ctx.workbenches);
            WorkbenchDir t = new WorkbenchDir(info.id(), tmp);
            Files.createDirectories(t.published());
            Files.createDirectories(t.meta());
            AtomicFiles.write(t.workbenchJson(), StoredForms.workbench(info));
            AtomicFiles.write(t.filesJson(), ManifestCodec.filesJson(List.of()));
            AtomicFiles.write(t.workshopState(), StoredForms.workshopState(state));
            AtomicFiles.write(t.conversation(), new byte[0]);
            ctx.ops.rename(tmp, d.root());
            AtomicFiles.fsyncDirectory(ctx.workbenches);
        } catch (IOException | RuntimeException e) {
            FsUtil.deleteTreeQuietly(tmp);
            throw FsErrors.write(phase, "workbench creation failed", e);
        }
        ctx.setCachedManifest(info.id(), List.of(), List.of());
        dirs.created(info.id());
    }

    @Override
    public List<WorkbenchInfo> list() {
        List<WorkbenchInfo> out = new ArrayList<>();
        List<Path> entries;
        try {
            entries = FsUtil.list(ctx.workbenches);
        } catch (IOException e) {
            throw FsErrors.read(Phase.WORKBENCH, "workbenches folder unreadable", e);
        }
        for (Path p : entries) {
            String id = p.getFileName().toString();
            if (!Ulid.isValid(id) || !FsUtil.isDirectory(p)) {
                continue;
            }
            try {
                read(dirs.forListing(id, Phase.WORKBENCH)).ifPresent(out::add);
            } catch (TrestleException e) {
                ctx.log.warn("workbench_unreadable", Map.of("workbench_id", id));
            }
        }
        out.sort(Comparator.comparing(WorkbenchInfo::updatedAt).reversed());
        return out;
    }

    @Override
    public Optional<WorkbenchInfo> load(String workbenchId) {
        if (!Ulid.isValid(workbenchId)) {
            return Optional.empty();
        }
        return read(dirs.reconciledOrAbsent(workbenchId, Phase.WORKBENCH));
    }

    private static Optional<WorkbenchInfo> read(WorkbenchDir d) {
        if (!FsUtil.isDirectory(d.root())) {
            return Optional.empty();
        }
        Optional<ObjectNode> n = Codec.read(d.workbenchJson(), StoredForms.WORKBENCH_SCHEMA, Phase.WORKBENCH);
        return n.map(node -> JsonFiles.parse(node, StoredForms::workbench, "workbench.json", Phase.WORKBENCH));
    }

    @Override
    public void save(WorkbenchInfo info) {
        WorkbenchDir d = dirs.ready(info.id(), Phase.WORKBENCH);
        JsonFiles.write(d.workbenchJson(), StoredForms.workbench(info), Phase.WORKBENCH);
    }

    @Override
    public Optional<WorkshopState> loadWorkshopState(String workbenchId) {
        WorkbenchDir d = dirs.ready(workbenchId, Phase.WORKSHOP);
        return Codec.read(d.workshopState(), StoredForms.STATE_SCHEMA, Phase.WORKSHOP)
                .map(n -> JsonFiles.parse(n, StoredForms::workshopState, "workshop_state.json", Phase.WORKSHOP));
    }

    @Override
    public void saveWorkshopState(String workbenchId, WorkshopState state) {
        WorkbenchDir d = dirs.ready(workbenchId, Phase.WORKSHOP);
        JsonFiles.write(d.workshopState(), StoredForms.workshopState(state), Phase.WORKSHOP);
    }

    @Override
    public void delete(String workbenchId) {
        // no reconciliation: the folder goes whatever state it is in
        WorkbenchDir d = ctx.dir(workbenchId, Phase.WORKBENCH);
        ctx.cleanup.await(workbenchId);
        if (!FsUtil.exists(d.root())) {
            return;
        }
        Path aside = FsUtil.tempIn(ctx.workbenches, workbenchId);
        try {
            ctx.ops.rename(d.root(), aside);
        } catch (IOException e) {
            throw FsErrors.write(Phase.WORKBENCH, "workbench delete failed", e);
        }
        ctx.forget(workbenchId);
        checkpoints.forget(workbenchId);
        if (!FsUtil.deleteTreeQuietly(aside)) {
            ctx.log.warn("workbench_delete_incomplete", Map.of("workbench_id", workbenchId));
        }
    }

    @Override
    public String sandboxRoot(String workbenchId) {
        return dirs.reconciledOrAbsent(workbenchId, Phase.WORKBENCH).root().toAbsolutePath().toString();
    }
}
