package dev.trestle.adapters.fs;

import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.domain.model.AddResult;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.FlatName;
import dev.trestle.domain.model.Limits;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.RemoveResult;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.out.PublishedFilesPort;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Published files of each Workbench and their manifest {@code files.json} ({@code storage.md} §4, §6): add
 * (ingest into the content store, link into {@code published/}), remove, read.
 */
public final class FileSystemPublishedFiles implements PublishedFilesPort {
    private final WorkbenchDirs dirs;
    private final StoreContext ctx;
    private final GarbageCollector gc;

    FileSystemPublishedFiles(WorkbenchDirs dirs, GarbageCollector gc) {
        this.dirs = dirs;
        this.ctx = dirs.ctx;
        this.gc = gc;
    }

    @Override
    public List<FileEntry> manifest(String workbenchId) {
        WorkbenchDir d = dirs.ready(workbenchId, Phase.WORKBENCH);
        return ctx.manifest(d, Phase.WORKBENCH);
    }

    /** Threads staging a large add's files into the content store. */
    private static final int STAGE_THREADS = 4;

    @Override
    public AddBatch add(String workbenchId, List<String> sourcePaths, Limits limits) {
        Phase phase = Phase.WORKBENCH;
        WorkbenchDir d = dirs.ready(workbenchId, phase);
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
        IngestBatch batch = store.batch();
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
                StoreContext.Written written;
                try {
                    written = ctx.writeManifest(d, next);
                } catch (IOException | RuntimeException e) {
                    unlinkAll(d, linked);
                    TrestleException te = FsErrors.write(phase, "files.json write failed", e);
                    throw new TrestleException(te.info().withSubphase("add_files"), e);
                }
                gc.collectReplaced(d, written.replaced());
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
    public List<RemoveResult> remove(String workbenchId, List<String> paths) {
        // I/O only: the domain's RemovalPlan already applied the rules and resolved each name to its manifest path
        Phase phase = Phase.WORKBENCH;
        WorkbenchDir d = dirs.ready(workbenchId, phase);
        Map<String, FileEntry> byPath = new LinkedHashMap<>();
        ctx.manifest(d, phase).forEach(e -> byPath.put(e.path(), e));
        List<RemoveResult> results = new ArrayList<>(paths.size());
        List<FileEntry> unlink = new ArrayList<>();
        boolean changed = false;
        for (String path : paths) {
            FileEntry entry = path == null ? null : byPath.get(path);
            if (entry == null) {
                results.add(new RemoveResult(path, RemoveResult.Status.SKIPPED, "not_found"));
                continue;
            }
            Path file = d.published().resolve(entry.path());
            if (!FsUtil.exists(file)) {
                byPath.remove(path);
                changed = true;
                results.add(new RemoveResult(path, RemoveResult.Status.SKIPPED, "missing_on_disk"));
                continue;
            }
            // unlinked only after files.json no longer lists it (the commit): a failed write changes nothing
            byPath.remove(path);
            changed = true;
            unlink.add(entry);
            results.add(new RemoveResult(path, RemoveResult.Status.REMOVED, null));
        }
        if (changed) {
            StoreContext.Written written;
            try {
                written = ctx.writeManifest(d, new ArrayList<>(byPath.values()));
            } catch (IOException e) {
                TrestleException te = FsErrors.write(phase, "files.json write failed", e);
                throw new TrestleException(te.info().withSubphase("remove_files"), e);
            }
            gc.collectReplaced(d, written.replaced());
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
        Phase phase = Phase.WORKSHOP;
        WorkbenchDir d = dirs.ready(workbenchId, phase);
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
}
