package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.AddResult;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.ConsentRecord;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.FileChange;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.FlatName;
import dev.trestle.domain.model.Limits;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.RemoveResult;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.Ulid;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.out.CheckpointStorePort;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.ConsentStorePort;
import dev.trestle.domain.port.out.ConversationPort;
import dev.trestle.domain.port.out.DraftStorePort;
import dev.trestle.domain.port.out.EgressEventLogPort;
import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.IdGeneratorPort;
import dev.trestle.domain.port.out.ProposalStorePort;
import dev.trestle.domain.port.out.PublishedFilesPort;
import dev.trestle.domain.port.out.WorkbenchCatalogPort;
import dev.trestle.domain.port.out.WorkbenchEventLogPort;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Workbench storage of {@code storage.md} on any {@link java.nio.file.FileSystem}: folder layout, content store,
 * Published files, checkpoints, Draft, publish, restore, logs, and startup reconciliation, either all at once
 * ({@link #reconcileAll()}) or per Workbench right before its first use ({@link #reconcileOnFirstUse()}).
 * Callers hold the Workbench lock for mutating calls ({@code rpc.md} §1); this class adds no locking of its own
 * beyond keeping its caches consistent and reconciling each Workbench exactly once. A restore's old Published tree is
 * deleted on a cleanup thread after the call returns: {@link #awaitIdle()} waits for it, {@link #close()} too.
 */
public final class FileSystemWorkbenchStore implements WorkbenchCatalogPort, PublishedFilesPort, CheckpointStorePort,
        DraftStorePort, ConversationPort, ProposalStorePort, ConsentStorePort, EgressEventLogPort,
        WorkbenchEventLogPort, AutoCloseable {

    private final StoreContext ctx;
    private final Checkpoints checkpoints;
    private final Drafts drafts;
    private final Reconciler reconciler;
    /** True once {@link #reconcileOnFirstUse()} ran: each Workbench is reconciled before its first use. */
    private volatile boolean lazy;
    private final Set<String> reconciled = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> reconcileLocks = new ConcurrentHashMap<>();

    /** Production wiring: {@code dataDir} is the engine's data directory ({@code storage.md} §1). */
    public FileSystemWorkbenchStore(Path dataDir, ClockPort clock, IdGeneratorPort ids, EngineLogPort log) {
        this(dataDir, clock, ids, log, FileOps.DEFAULT);
    }

    FileSystemWorkbenchStore(Path dataDir, ClockPort clock, IdGeneratorPort ids, EngineLogPort log, FileOps ops) {
        this(dataDir, clock, ids, log, ops, new BackgroundCleanup());
    }

    FileSystemWorkbenchStore(Path dataDir, ClockPort clock, IdGeneratorPort ids, EngineLogPort log, FileOps ops,
                             BackgroundCleanup cleanup) {
        this.ctx = new StoreContext(dataDir, clock, ids, log, ops, cleanup);
        this.checkpoints = new Checkpoints(ctx);
        this.drafts = new Drafts(ctx);
        this.reconciler = new Reconciler(ctx, checkpoints, drafts);
    }

    /**
     * Startup reconciliation ({@code storage.md} §9) of every Workbench, then GC, before returning. Failures are
     * logged per Workbench and never stop the others. Waits for pending background cleanup first.
     */
    public void reconcileAll() {
        ctx.cleanup.awaitAll();
        lazy = false;
        ctx.forgetAll();
        checkpoints.forgetAll();
        reconciler.reconcileAll();
    }

    /**
     * The serving start-up ({@code storage.md} §9, "each Workbench, before serving"): returns at once; each Workbench
     * is reconciled (with its GC) right before the first call that names it, exactly once per store, even when two
     * first calls race. {@link #list()} first reconciles the Workbenches whose reconciliation may rewrite
     * {@code workbench.json} (a publish/restore marker or a kept-aside {@code workbench.json.prev}). Half-created or
     * half-deleted Workbench folders are deleted on the cleanup thread. Call once, under the engine lock.
     */
    public void reconcileOnFirstUse() {
        ctx.cleanup.awaitAll();
        ctx.forgetAll();
        checkpoints.forgetAll();
        reconciled.clear();
        lazy = true;
        reconciler.deleteWorkbenchTemps(true);
    }

    /** Blocks until the background cleanup (old Published trees of restores) has finished. */
    public void awaitIdle() {
        ctx.cleanup.awaitAll();
    }

    /** Finishes the pending background cleanup and stops its thread; later cleanup runs inline. Idempotent. */
    @Override
    public void close() {
        ctx.cleanup.close();
    }

    /** Reconciles {@code workbenchId} if this is its first use in lazy mode; a no-op otherwise. */
    /** The folder of an existing Workbench, reconciled first when this is its first use. */
    private WorkbenchDir existing(String workbenchId, Phase phase) {
        ready(workbenchId);
        return ctx.existing(workbenchId, phase);
    }

    private void ready(String workbenchId) {
        if (!lazy || workbenchId == null || reconciled.contains(workbenchId) || !Ulid.isValid(workbenchId)) {
            return;
        }
        Object lock = reconcileLocks.computeIfAbsent(workbenchId, k -> new Object());
        synchronized (lock) {
            if (reconciled.contains(workbenchId)) {
                return;
            }
            reconciler.reconcileOne(workbenchId);
            reconciled.add(workbenchId);
        }
        reconcileLocks.remove(workbenchId, lock);
    }

    /**
     * Whether reconciling this Workbench may change what a listing reads from it: {@code workbench.json} (a restore
     * or publish marker, a kept-aside {@code workbench.json.prev}, a missing file) or the Draft's presence
     * ({@code draft/} xor {@code draft.json}). A few {@code stat}s, no reading.
     */
    private boolean mayChangeListing(WorkbenchDir d) {
        return FsUtil.exists(d.restoreMarker()) || FsUtil.exists(d.publishMarker())
                || FsUtil.exists(d.meta("workbench.json.prev")) || !FsUtil.exists(d.workbenchJson())
                || FsUtil.exists(d.draft()) != FsUtil.exists(d.draftJson());
    }

    /** True when the Workbench is not reconciled yet (lazy mode) but its listing data would not change if it were. */
    private boolean listableAsIs(String workbenchId) {
        return lazy && Ulid.isValid(workbenchId) && !reconciled.contains(workbenchId)
                && !mayChangeListing(new WorkbenchDir(workbenchId, ctx.workbenches.resolve(workbenchId)));
    }

    // =================================================================== WorkbenchCatalogPort

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
            AtomicFiles.write(t.workbenchJson(), Codec.workbench(info));
            AtomicFiles.write(t.filesJson(), Codec.filesJson(List.of()));
            AtomicFiles.write(t.workshopState(), Codec.workshopState(state));
            AtomicFiles.write(t.conversation(), new byte[0]);
            ctx.ops.rename(tmp, d.root());
            AtomicFiles.fsyncDirectory(ctx.workbenches);
        } catch (IOException | RuntimeException e) {
            FsUtil.deleteTreeQuietly(tmp);
            throw FsErrors.write(phase, "workbench creation failed", e);
        }
        ctx.setCachedManifest(info.id(), List.of());
        reconciled.add(info.id());
    }

    @Override
    public List<WorkbenchInfo> list() {
        List<WorkbenchInfo> out = new ArrayList<>();
        List<Path> dirs;
        try {
            dirs = FsUtil.list(ctx.workbenches);
        } catch (IOException e) {
            throw FsErrors.read(Phase.WORKBENCH, "workbenches folder unreadable", e);
        }
        for (Path p : dirs) {
            String id = p.getFileName().toString();
            if (!Ulid.isValid(id) || !FsUtil.isDirectory(p)) {
                continue;
            }
            try {
                if (lazy && !reconciled.contains(id) && mayChangeListing(new WorkbenchDir(id, p))) {
                    ready(id);
                }
                loadInfo(id).ifPresent(out::add);
            } catch (TrestleException e) {
                ctx.log.warn("workbench_unreadable", Map.of("workbench_id", id));
            }
        }
        out.sort(Comparator.comparing(WorkbenchInfo::updatedAt).reversed());
        return out;
    }

    @Override
    public Optional<WorkbenchInfo> load(String workbenchId) {
        ready(workbenchId);
        return loadInfo(workbenchId);
    }

    private Optional<WorkbenchInfo> loadInfo(String workbenchId) {
        if (!Ulid.isValid(workbenchId)) {
            return Optional.empty();
        }
        WorkbenchDir d = ctx.dir(workbenchId, Phase.WORKBENCH);
        if (!FsUtil.isDirectory(d.root())) {
            return Optional.empty();
        }
        Optional<ObjectNode> n = Codec.read(d.workbenchJson(), Codec.WORKBENCH_SCHEMA, Phase.WORKBENCH);
        return n.map(node -> parse(node, Codec::workbench, "workbench.json", Phase.WORKBENCH));
    }

    @Override
    public void save(WorkbenchInfo info) {
        WorkbenchDir d = existing(info.id(), Phase.WORKBENCH);
        writeJson(d.workbenchJson(), Codec.workbench(info), Phase.WORKBENCH);
    }

    @Override
    public Optional<WorkshopState> loadWorkshopState(String workbenchId) {
        WorkbenchDir d = existing(workbenchId, Phase.WORKSHOP);
        return Codec.read(d.workshopState(), Codec.STATE_SCHEMA, Phase.WORKSHOP)
                .map(n -> parse(n, Codec::workshopState, "workshop_state.json", Phase.WORKSHOP));
    }

    @Override
    public void saveWorkshopState(String workbenchId, WorkshopState state) {
        WorkbenchDir d = existing(workbenchId, Phase.WORKSHOP);
        writeJson(d.workshopState(), Codec.workshopState(state), Phase.WORKSHOP);
    }

    @Override
    public void delete(String workbenchId) {
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
        ready(workbenchId);
        return ctx.dir(workbenchId, Phase.WORKBENCH).root().toAbsolutePath().toString();
    }

    // =================================================================== PublishedFilesPort

    @Override
    public List<FileEntry> manifest(String workbenchId) {
        WorkbenchDir d = existing(workbenchId, Phase.WORKBENCH);
        return ctx.manifest(d, Phase.WORKBENCH);
    }

    /** Threads staging a large add's files into the content store. */
    private static final int STAGE_THREADS = 4;

    @Override
    public AddBatch add(String workbenchId, List<String> sourcePaths, Limits limits) {
        ready(workbenchId);
        Phase phase = Phase.WORKBENCH;
        WorkbenchDir d = ctx.existing(workbenchId, phase);
        List<FileEntry> current = ctx.manifest(d, phase);
        if (sourcePaths.isEmpty()) {
            return new AddBatch(List.of(), current);
        }
        Set<String> taken = new HashSet<>();
        current.forEach(e -> taken.add(FlatName.foldCase(e.path())));
        AddResult[] results = new AddResult[sourcePaths.size()];
        List<Integer> accepted = new ArrayList<>();
        List<Path> acceptedPaths = new ArrayList<>();
        for (int i = 0; i < sourcePaths.size(); i++) {
            String source = sourcePaths.get(i);
            Path p = sourcePath(source);
            String name = p == null || p.getFileName() == null ? null : p.getFileName().toString();
            AddResult r = screen(source, p, name, limits, taken);
            if (r == null) {
                taken.add(FlatName.foldCase(name));
                accepted.add(i);
                acceptedPaths.add(p);
            }
            results[i] = r;
        }
        if (current.size() + accepted.size() > limits.maxFiles()) {
            throw new TrestleException(ErrorInfo.validation(phase, "file_limit_exceeded",
                    (current.size() + accepted.size()) + " > " + limits.maxFiles()).withSubphase("add_files"));
        }
        List<FileEntry> added = new ArrayList<>();
        List<String> linked = new ArrayList<>();
        ContentStore store = ctx.store(d);
        Instant now = ctx.clock.now();
        // storage.md §6 ingest, batched: every accepted file is streamed into an unforced temp, then all are forced in
        // one pass and named, their folders fsynced once; only then linked into published/ and committed by files.json
        FsUtil.Hashed[] hashed = new FsUtil.Hashed[accepted.size()];
        Exception[] copyErrors = new Exception[accepted.size()];
        java.util.concurrent.atomic.AtomicReference<Exception> diskFull = new java.util.concurrent.atomic.AtomicReference<>();
        ContentStore.IngestBatch batch = store.batch();
        List<FileEntry> after = current;
        // files are independent: staged from a few threads so their filesystem waits overlap
        int threads = accepted.size() < ContentStore.PARALLEL_MIN ? 1 : STAGE_THREADS;
        Object dataDirKey = SourceFiles.identity(ctx.dataDir);
        try {
            try (batch) {
                FsUtil.parallelFor(accepted.size(), threads, k -> {
                    if (diskFull.get() != null) {
                        return;
                    }
                    int i = accepted.get(k);
                    String source = sourcePaths.get(i);
                    Path p = acceptedPaths.get(k);
                    String name = p.getFileName().toString();
                    InputStream in;
                    try {
                        // checked again and opened once, with no gap between check and read (SourceFiles)
                        in = SourceFiles.open(p, dataDirKey);
                    } catch (SourceFiles.Refused r) {
                        results[i] = "invalid_path".equals(r.reason) ? AddResult.failed(source, name, r.reason)
                                : AddResult.skipped(source, name, r.reason);
                        return;
                    }
                    try (in) {
                        hashed[k] = batch.stage(in, limits.maxFileBytes());
                    } catch (FsUtil.TooLargeException e) {
                        results[i] = AddResult.skipped(source, name, "size_limit");
                    } catch (IOException | RuntimeException e) {
                        if (FsErrors.isDiskFull(e)) {
                            diskFull.compareAndSet(null, e);
                        }
                        copyErrors[k] = e;
                    }
                });
                if (diskFull.get() != null) {
                    throw addFailed(phase, d, linked, diskFull.get());
                }
                for (int k = 0; k < accepted.size(); k++) {
                    if (copyErrors[k] != null) {
                        int i = accepted.get(k);
                        copyFailed(workbenchId, d, linked, results, i, sourcePaths.get(i),
                                acceptedPaths.get(k).getFileName().toString(), copyErrors[k]);
                    }
                }
                Set<String> failed;
                try {
                    failed = batch.commit();
                } catch (IOException | RuntimeException e) {
                    throw addFailed(phase, d, linked, e);
                }
                for (int k = 0; k < accepted.size(); k++) {
                    FsUtil.Hashed h = hashed[k];
                    if (h == null) {
                        continue;
                    }
                    int i = accepted.get(k);
                    String source = sourcePaths.get(i);
                    String name = acceptedPaths.get(k).getFileName().toString();
                    if (failed.contains(h.sha256())) {
                        results[i] = AddResult.failed(source, name, "copy_failed");
                        continue;
                    }
                    try {
                        store.link(h.sha256(), d.published(), name);
                        linked.add(name);
                        added.add(FileEntry.of(name, h.size(), h.sha256(), now, now));
                        results[i] = AddResult.added(source, name);
                    } catch (IOException | RuntimeException e) {
                        copyFailed(workbenchId, d, linked, results, i, source, name, e);
                    }
                }
            }
            if (!linked.isEmpty()) {
                AtomicFiles.fsyncDirectory(d.published());
            }
            if (!added.isEmpty()) {
                List<FileEntry> next = new ArrayList<>(current);
                next.addAll(added);
                try {
                    ctx.writeManifest(d, next);
                } catch (IOException | RuntimeException e) {
                    unlinkAll(d, linked);
                    TrestleException te = FsErrors.write(phase, "files.json write failed", e);
                    throw new TrestleException(te.info().withSubphase("add_files"), e);
                }
                after = ctx.manifest(d, phase);
            }
        } catch (RuntimeException e) {
            // all or nothing: the objects this add created go with it
            batch.discardNew();
            throw e;
        }
        return new AddBatch(List.of(results), after);
    }

    private Path sourcePath(String source) {
        if (source == null || source.isEmpty()) {
            return null;
        }
        try {
            return ctx.dataDir.getFileSystem().getPath(source);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** A per-file copy error: {@code failed/copy_failed}, except a full disk, which aborts the batch. */
    private void copyFailed(String workbenchId, WorkbenchDir d, List<String> linked, AddResult[] results, int i,
            String source, String name, Exception e) {
        if (FsErrors.isDiskFull(e)) {
            throw addFailed(Phase.WORKBENCH, d, linked, e);
        }
        ctx.log.warn("add_copy_failed", Map.of("workbench_id", workbenchId,
                "exception", e.getClass().getSimpleName()));
        results[i] = AddResult.failed(source, name, "copy_failed");
    }

    /** Undoes this batch's links (its objects go at the next GC) and describes why the add stopped. */
    private TrestleException addFailed(Phase phase, WorkbenchDir d, List<String> linked, Exception e) {
        unlinkAll(d, linked);
        if (FsErrors.isDiskFull(e)) {
            return new TrestleException(ErrorInfo.of(ErrorCode.DISK_FULL, phase).withSubphase("add_files")
                    .withDetail("no space left"), e);
        }
        TrestleException te = FsErrors.write(phase, "content store write failed", e);
        return new TrestleException(te.info().withSubphase("add_files"), e);
    }

    /** The per-source checks of the add rules; null when the source is accepted. */
    private AddResult screen(String source, Path p, String name, Limits limits, Set<String> taken) {
        if (p == null || name == null || !p.isAbsolute() || !FlatName.isValid(name) || insideDataDir(p)) {
            return AddResult.failed(source, name, "invalid_path");
        }
        BasicFileAttributes attrs;
        try {
            attrs = FsUtil.attributes(p);
        } catch (IOException | RuntimeException e) {
            return AddResult.skipped(source, name, "unreadable");
        }
        if (attrs.isSymbolicLink() || isShortcut(p, name)) {
            return AddResult.skipped(source, name, "symlink");
        }
        if (attrs.isDirectory()) {
            return AddResult.skipped(source, name, "directory");
        }
        if (!attrs.isRegularFile() || !Files.isReadable(p)) {
            return AddResult.skipped(source, name, "unreadable");
        }
        if (attrs.size() > limits.maxFileBytes()) {
            return AddResult.skipped(source, name, "size_limit");
        }
        if (taken.contains(FlatName.foldCase(name))) {
            return AddResult.skipped(source, name, "duplicate");
        }
        return null;
    }

    private static boolean isShortcut(Path p, String name) {
        return "\\".equals(p.getFileSystem().getSeparator()) && name.toLowerCase(Locale.ROOT).endsWith(".lnk");
    }

    private boolean insideDataDir(Path p) {
        Path n = p.toAbsolutePath().normalize();
        if (n.startsWith(ctx.dataDir)) {
            return true;
        }
        try {
            Path realData = ctx.dataDir.toRealPath();
            Path parent = n.getParent();
            Path realParent = parent == null ? null : parent.toRealPath();
            return realParent != null && realParent.resolve(n.getFileName()).startsWith(realData);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void unlinkAll(WorkbenchDir d, List<String> names) {
        for (String name : names) {
            try {
                FsUtil.deleteIfExists(d.published().resolve(name));
            } catch (IOException e) {
                ctx.log.warn("unlink_failed", Map.of("workbench_id", d.id()));
            }
        }
    }

    @Override
    public List<RemoveResult> remove(String workbenchId, List<String> names) {
        ready(workbenchId);
        Phase phase = Phase.WORKBENCH;
        WorkbenchDir d = ctx.existing(workbenchId, phase);
        List<FileEntry> current = ctx.manifest(d, phase);
        Map<String, FileEntry> byFolded = new LinkedHashMap<>();
        current.forEach(e -> byFolded.put(FlatName.foldCase(e.path()), e));
        Set<String> seen = new HashSet<>();
        List<RemoveResult> results = new ArrayList<>();
        List<FileEntry> unlink = new ArrayList<>();
        boolean changed = false;
        for (String name : names) {
            if (name == null || !FlatName.isValid(name)) {
                results.add(new RemoveResult(name, RemoveResult.Status.FAILED, "invalid_path"));
                continue;
            }
            String folded = FlatName.foldCase(name);
            if (!seen.add(folded)) {
                results.add(new RemoveResult(name, RemoveResult.Status.SKIPPED, "duplicate_request"));
                continue;
            }
            FileEntry entry = byFolded.get(folded);
            if (entry == null) {
                results.add(new RemoveResult(name, RemoveResult.Status.SKIPPED, "not_found"));
                continue;
            }
            Path file = d.published().resolve(entry.path());
            if (!FsUtil.exists(file)) {
                byFolded.remove(folded);
                changed = true;
                results.add(new RemoveResult(entry.path(), RemoveResult.Status.SKIPPED, "missing_on_disk"));
                continue;
            }
            // unlinked only after files.json no longer lists it (the commit): a failed write changes nothing
            byFolded.remove(folded);
            changed = true;
            unlink.add(entry);
            results.add(new RemoveResult(entry.path(), RemoveResult.Status.REMOVED, null));
        }
        if (changed) {
            try {
                ctx.writeManifest(d, new ArrayList<>(byFolded.values()));
            } catch (IOException e) {
                TrestleException te = FsErrors.write(phase, "files.json write failed", e);
                throw new TrestleException(te.info().withSubphase("remove_files"), e);
            }
        }
        for (FileEntry entry : unlink) {
            try {
                FsUtil.deleteIfExists(d.published().resolve(entry.path()));
                ctx.store(d).keepReadOnly(entry.sha256());
            } catch (IOException e) {
                // no longer listed: reconciliation deletes it at the next start (storage.md §9)
                ctx.log.warn("unlink_failed", Map.of("workbench_id", d.id()));
            }
        }
        if (!unlink.isEmpty()) {
            AtomicFiles.fsyncDirectory(d.published());
        }
        return results;
    }

    @Override
    public Optional<TextContent> readText(String workbenchId, String name, int maxBytes) {
        ready(workbenchId);
        Phase phase = Phase.WORKSHOP;
        WorkbenchDir d = ctx.existing(workbenchId, phase);
        if (name == null || !FlatName.isValid(name)) {
            return Optional.empty();
        }
        Optional<FileEntry> entry = ctx.manifest(d, phase).stream()
                .filter(e -> FlatName.foldCase(e.path()).equals(FlatName.foldCase(name))).findFirst();
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Path file = d.published().resolve(entry.get().path());
        if (Files.isSymbolicLink(file)) {
            throw FsErrors.error(ErrorCode.SANDBOX_VIOLATION, phase, "symbolic link in workbench");
        }
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = in.readNBytes(Math.max(0, maxBytes));
            boolean truncated = in.read() >= 0;
            int len = buf.length;
            if (truncated) {
                len = utf8Boundary(buf, len);
            }
            return Optional.of(new TextContent(new String(buf, 0, len, StandardCharsets.UTF_8), truncated));
        } catch (IOException e) {
            throw FsErrors.read(phase, "published file unreadable", e);
        }
    }

    /** Backs off so a truncated buffer does not end inside a UTF-8 sequence. */
    static int utf8Boundary(byte[] buf, int len) {
        int i = len;
        while (i > 0 && i > len - 4 && (buf[i - 1] & 0xC0) == 0x80) {
            i--;
        }
        if (i > 0 && (buf[i - 1] & 0x80) != 0) {
            int lead = buf[i - 1] & 0xFF;
            int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (len - (i - 1) < need) {
                return i - 1;
            }
        }
        return len;
    }

    // =================================================================== CheckpointStorePort

    @Override
    public CheckpointMetadata create(String workbenchId, CheckpointReason reason, String description) {
        ready(workbenchId);
        return checkpoints.create(workbenchId, reason, description);
    }

    @Override
    public Listing list(String workbenchId) {
        ready(workbenchId);
        return checkpoints.list(workbenchId);
    }

    @Override
    public Optional<CheckpointMetadata> get(String workbenchId, String checkpointId) {
        ready(workbenchId);
        return checkpoints.get(workbenchId, checkpointId);
    }

    @Override
    public Restored restore(String workbenchId, String checkpointId, String preRestoreCheckpointId,
                            Consumer<Progress> progress) {
        ready(workbenchId);
        return checkpoints.restore(workbenchId, checkpointId, preRestoreCheckpointId, progress);
    }

    // =================================================================== DraftStorePort

    @Override
    public Optional<DraftInfo> draft(String workbenchId) {
        // a listing asks every Workbench for its Draft: answered from draft.json without reconciling when
        // reconciliation could not change the answer (no marker, draft/ and draft.json agree)
        if (!listableAsIs(workbenchId)) {
            ready(workbenchId);
        }
        return drafts.draft(workbenchId);
    }

    @Override
    public DraftInfo create(String workbenchId, String draftId, String proposalId, List<Proposal.Write> writes,
                            String publishedGeneration, Instant createdAt) {
        ready(workbenchId);
        return drafts.create(workbenchId, draftId, proposalId, writes, publishedGeneration, createdAt);
    }

    @Override
    public Published publish(String workbenchId, String checkpointId, Consumer<String> progress) {
        ready(workbenchId);
        return drafts.publish(workbenchId, checkpointId, progress);
    }

    @Override
    public void discard(String workbenchId) {
        ready(workbenchId);
        drafts.discard(workbenchId);
    }

    @Override
    public List<FileChange> changeSet(String workbenchId) {
        ready(workbenchId);
        return drafts.changeSet(workbenchId);
    }

    // =================================================================== ConversationPort

    @Override
    public void append(String workbenchId, ConversationRecord record) {
        WorkbenchDir d = existing(workbenchId, Phase.WORKSHOP);
        appendLine(d.conversation(), Codec.conversation(record), Phase.WORKSHOP);
    }

    @Override
    public List<ConversationRecord> read(String workbenchId) {
        WorkbenchDir d = existing(workbenchId, Phase.WORKSHOP);
        return readLines(d.conversation(), Codec::conversation, Phase.WORKSHOP);
    }

    // =================================================================== ProposalStorePort

    @Override
    public void save(String workbenchId, Proposal proposal) {
        WorkbenchDir d = existing(workbenchId, Phase.WORKSHOP);
        if (!Ulid.isValid(proposal.proposalId())) {
            throw FsErrors.validation(Phase.WORKSHOP, "invalid_params", "proposal id must be a ULID");
        }
        try {
            Files.createDirectories(d.proposals());
        } catch (IOException e) {
            throw FsErrors.write(Phase.WORKSHOP, "proposals folder", e);
        }
        writeJson(d.proposals().resolve(proposal.proposalId() + ".json"), Codec.proposal(proposal), Phase.WORKSHOP);
    }

    @Override
    public Optional<Proposal> load(String workbenchId, String proposalId) {
        WorkbenchDir d = existing(workbenchId, Phase.WORKSHOP);
        if (!Ulid.isValid(proposalId)) {
            return Optional.empty();
        }
        return Codec.read(d.proposals().resolve(proposalId + ".json"), Codec.PROPOSAL_SCHEMA, Phase.WORKSHOP)
                .map(n -> parse(n, Codec::proposal, "proposal", Phase.WORKSHOP));
    }

    @Override
    public Optional<Object> loadTree(String workbenchId, String proposalId) {
        WorkbenchDir d = existing(workbenchId, Phase.WORKSHOP);
        if (!Ulid.isValid(proposalId)) {
            return Optional.empty();
        }
        return Codec.read(d.proposals().resolve(proposalId + ".json"), Codec.PROPOSAL_SCHEMA, Phase.WORKSHOP)
                .map(n -> Json.MAPPER.convertValue(n, Object.class));
    }

    // =================================================================== ConsentStorePort

    @Override
    public Optional<ConsentRecord> loadPersisted(String workbenchId) {
        WorkbenchDir d = existing(workbenchId, Phase.WORKSHOP);
        return Codec.read(d.consent(), Codec.CONSENT_SCHEMA, Phase.WORKSHOP)
                .flatMap(n -> parse(n, Codec::consent, "egress_consent.json", Phase.WORKSHOP));
    }

    @Override
    public void savePersisted(String workbenchId, ConsentRecord record) {
        WorkbenchDir d = existing(workbenchId, Phase.WORKSHOP);
        writeJson(d.consent(), Codec.consent(record), Phase.WORKSHOP);
    }

    @Override
    public void clearPersisted(String workbenchId) {
        WorkbenchDir d = existing(workbenchId, Phase.WORKSHOP);
        try {
            FsUtil.deleteIfExists(d.consent());
        } catch (IOException e) {
            throw FsErrors.write(Phase.WORKSHOP, "consent clear failed", e);
        }
    }

    // =================================================================== EgressEventLogPort

    @Override
    public void append(String workbenchId, EgressEvent event) {
        WorkbenchDir d = existing(workbenchId, Phase.WORKSHOP);
        appendLine(d.egressEvents(), Codec.egress(event), Phase.WORKSHOP);
    }

    @Override
    public List<EgressEvent> list(String workbenchId, int limit) {
        WorkbenchDir d = existing(workbenchId, Phase.WORKSHOP);
        List<EgressEvent> all = readLines(d.egressEvents(), Codec::egress, Phase.WORKSHOP);
        if (limit > 0 && all.size() > limit) {
            return List.copyOf(all.subList(all.size() - limit, all.size()));
        }
        return all;
    }

    // =================================================================== WorkbenchEventLogPort

    @Override
    public void append(String workbenchId, String kind, ErrorInfo error, Map<String, ?> metadata) {
        WorkbenchDir d = existing(workbenchId, Phase.WORKBENCH);
        ctx.event(d, kind, error, metadata);
    }

    // =================================================================== helpers

    private static <T> T parse(JsonNode n, Function<JsonNode, T> reader, String what, Phase phase) {
        try {
            return reader.apply(n);
        } catch (RuntimeException e) {
            throw FsErrors.error(ErrorCode.FILE_READ_FAILED, phase, "corrupt " + what);
        }
    }

    private static void writeJson(Path target, byte[] bytes, Phase phase) {
        try {
            AtomicFiles.write(target, bytes);
        } catch (IOException e) {
            throw FsErrors.write(phase, "cannot write " + target.getFileName(), e);
        }
    }

    private static void appendLine(Path file, String line, Phase phase) {
        try {
            AtomicFiles.appendLine(file, line);
        } catch (IOException e) {
            throw FsErrors.write(phase, "cannot append " + file.getFileName(), e);
        }
    }

    /** Reads a JSONL file, skipping malformed lines and a torn last line. */
    private static <T> List<T> readLines(Path file, Function<JsonNode, T> reader, Phase phase) {
        if (Files.isSymbolicLink(file)) {
            throw FsErrors.error(ErrorCode.SANDBOX_VIOLATION, phase, "symbolic link in workbench");
        }
        List<String> lines;
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return List.of();
            }
            lines = List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            throw FsErrors.read(phase, "cannot read " + file.getFileName(), e);
        }
        List<T> out = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = Json.MAPPER.readTree(line);
                if (n != null && n.isObject()) {
                    out.add(reader.apply(n));
                }
            } catch (IOException | RuntimeException e) {
                // malformed or torn line: skipped (storage.md §5)
            }
        }
        return out;
    }
}
