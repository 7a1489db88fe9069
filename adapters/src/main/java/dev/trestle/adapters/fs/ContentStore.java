package dev.trestle.adapters.fs;

import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.domain.model.StoreStats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One Workbench's content store {@code meta/checkpoints/objects/<2 hex>/<sha256>} ({@code storage.md} §6): immutable,
 * read-only objects named by the SHA-256 of their bytes, with an in-memory index listed once on first use.
 */
final class ContentStore {
    /** Threads forcing a large batch's objects; below {@link #PARALLEL_MIN} objects one thread does it. */
    private static final int FORCE_THREADS = 16;
    /** Batches smaller than this are staged and forced on the caller's thread alone. */
    static final int PARALLEL_MIN = 64;
    private static final Pattern OBJECT_NAME = Pattern.compile("^[0-9a-f]{64}$");

    private final Path objects;
    private final FileOps ops;
    private Map<String, Long> index;

    ContentStore(Path objects, FileOps ops) {
        this.objects = objects;
        this.ops = ops;
    }

    static boolean isObjectName(String name) {
        return name != null && OBJECT_NAME.matcher(name).matches();
    }

    Path root() {
        return objects;
    }

    Path path(String sha) {
        return objects.resolve(sha.substring(0, 2)).resolve(sha);
    }

    /** The index (object name → size), listing the store on first use. */
    synchronized Map<String, Long> index() throws IOException {
        if (index == null) {
            index = scan();
        }
        return index;
    }

    /** Forgets the index so the next use lists the store again (startup, or after hand deletions). */
    synchronized void invalidate() {
        index = null;
    }

    private Map<String, Long> scan() throws IOException {
        Map<String, Long> found = new HashMap<>();
        for (Path prefix : FsUtil.list(objects)) {
            String p = prefix.getFileName().toString();
            if (!FsUtil.isDirectory(prefix) || p.length() != 2) {
                continue;
            }
            for (Path obj : FsUtil.list(prefix)) {
                String name = obj.getFileName().toString();
                if (isObjectName(name) && name.startsWith(p)
                        && Files.isRegularFile(obj, LinkOption.NOFOLLOW_LINKS)) {
                    found.put(name, Files.size(obj));
                }
            }
        }
        return found;
    }

    synchronized boolean contains(String sha) throws IOException {
        return index().containsKey(sha);
    }

    synchronized StoreStats stats() throws IOException {
        Map<String, Long> idx = index();
        long bytes = 0;
        for (long size : idx.values()) {
            bytes += size;
        }
        return new StoreStats(idx.size(), bytes);
    }

    /** Streams {@code in} into the store (hash while writing, force, read-only, atomic rename, dedup). */
    synchronized FsUtil.Hashed ingest(InputStream in, long maxBytes) throws IOException {
        Map<String, Long> idx = index();
        Files.createDirectories(objects);
        Path tmp = objects.resolve(".tmp-" + FsUtil.random());
        try {
            FsUtil.Hashed h = FsUtil.writeHashing(in, tmp, maxBytes);
            Path target = path(h.sha256());
            if (idx.containsKey(h.sha256()) && FsUtil.exists(target)) {
                FsUtil.deleteIfExists(tmp);
                return h;
            }
            FsUtil.setReadOnly(tmp);
            Files.createDirectories(target.getParent());
            if (FsUtil.exists(target)) {
                FsUtil.deleteIfExists(tmp);
            } else {
                try {
                    ops.rename(tmp, target);
                } catch (FileAlreadyExistsException e) {
                    FsUtil.deleteIfExists(tmp);
                }
            }
            idx.put(h.sha256(), h.size());
            return h;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * Deletes objects a failed operation created and nothing names any more, so the store is as the operation found
     * it; one that cannot be deleted is left for the next GC.
     */
    synchronized void discard(java.util.Collection<String> shas) {
        for (String sha : List.copyOf(shas)) {
            try {
                FsUtil.deleteIfExists(path(sha));
                if (index != null) {
                    index.remove(sha);
                }
            } catch (IOException | RuntimeException e) {
                // unreferenced: collected by the next GC
            }
        }
    }

    /** Starts a batched ingest for adding many files at once; see {@link IngestBatch}. */
    IngestBatch batch() {
        return new IngestBatch();
    }

    /**
     * Ingest of many files with one durability pass instead of one per file. {@link #stage} streams each file into
     * {@code objects/.tmp-<random>} while hashing, without forcing it (a content already stored or already staged is
     * dropped at once: dedup). {@link #commit} then forces every staged temp in one pass (no metadata changes in
     * between, so after the first journal commit the rest are cheap), sets each read-only and renames it to its object
     * name, and fsyncs each touched object folder once. So an object only ever appears under its name with its bytes
     * on disk, as with {@link #ingest}; a crash before {@code commit} ends leaves {@code .tmp-*} files and unreferenced
     * objects, which reconciliation and GC delete ({@code storage.md} §9, §10). {@link #close} deletes whatever temps
     * were not committed. {@link #stage} may be called from several threads at once; the other methods from one.
     */
    final class IngestBatch implements AutoCloseable {
        private final Map<String, Staged> staged = new LinkedHashMap<>();
        private final Set<String> failed = new HashSet<>();
        private final List<String> created = new ArrayList<>();
        private volatile boolean objectsReady;

        private IngestBatch() {
        }

        /** Streams {@code in} into an unforced temp while hashing; returns its hash (the object exists after commit). */
        FsUtil.Hashed stage(InputStream in, long maxBytes) throws IOException {
            Map<String, Long> idx = index();
            if (!objectsReady) {
                Files.createDirectories(objects);
                objectsReady = true;
            }
            Path tmp = objects.resolve(".tmp-" + FsUtil.random());
            try {
                // the write needs no lock (its own temp); several threads may stage at once
                FsUtil.Hashed h = FsUtil.writeHashing(in, tmp, maxBytes, false);
                synchronized (ContentStore.this) {
                    String sha = h.sha256();
                    if (staged.containsKey(sha)) {
                        FsUtil.deleteIfExists(tmp);
                    } else if (FsUtil.exists(path(sha))) {
                        FsUtil.deleteIfExists(tmp);
                        idx.put(sha, h.size());
                    } else {
                        staged.put(sha, new Staged(tmp, h.size()));
                    }
                    return h;
                }
            } catch (IOException | RuntimeException e) {
                deleteQuietly(tmp);
                throw e;
            }
        }

        /**
         * Forces, seals and names every staged object, then fsyncs the touched object folders. Returns the hashes whose
         * object could not be made (their files count as failed copies); a full disk is thrown, leaving the temps for
         * {@link #close}.
         */
        Set<String> commit() throws IOException {
            synchronized (ContentStore.this) {
                Map<String, Long> idx = index();
                Map<String, Exception> forceErrors = forceAll();
                for (Iterator<Map.Entry<String, Staged>> it = staged.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<String, Staged> e = it.next();
                    Exception ex = forceErrors.get(e.getKey());
                    if (ex != null) {
                        dropOrThrow(e, it, ex);
                    }
                }
                Set<Path> dirs = new LinkedHashSet<>();
                boolean newDirs = false;
                for (Iterator<Map.Entry<String, Staged>> it = staged.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<String, Staged> e = it.next();
                    Path tmp = e.getValue().tmp();
                    Path target = path(e.getKey());
                    try {
                        FsUtil.setReadOnly(tmp);
                        if (dirs.add(target.getParent()) && !FsUtil.isDirectory(target.getParent())) {
                            Files.createDirectories(target.getParent());
                            newDirs = true;
                        }
                        if (FsUtil.exists(target)) {
                            FsUtil.deleteIfExists(tmp);
                        } else {
                            try {
                                ops.rename(tmp, target);
                                created.add(e.getKey());
                            } catch (FileAlreadyExistsException raced) {
                                FsUtil.deleteIfExists(tmp);
                            }
                        }
                        idx.put(e.getKey(), e.getValue().size());
                        it.remove();
                    } catch (IOException | RuntimeException ex) {
                        dropOrThrow(e, it, ex);
                    }
                }
                for (Path dir : dirs) {
                    AtomicFiles.fsyncDirectory(dir);
                }
                if (newDirs) {
                    AtomicFiles.fsyncDirectory(objects);
                }
                return Set.copyOf(failed);
            }
        }

        /**
         * Forces every staged temp; returns the failures by hash. Large batches force from several threads at once so
         * the filesystem can share journal commits and device flushes between them (on ext4 each lone fsync is a
         * commit + flush of its own); the caller's thread waits for all of them.
         */
        private Map<String, Exception> forceAll() {
            Map<String, Exception> errors = new java.util.concurrent.ConcurrentHashMap<>();
            List<Map.Entry<String, Staged>> all = new ArrayList<>(staged.entrySet());
            FsUtil.parallelFor(all.size(), all.size() < PARALLEL_MIN ? 1 : FORCE_THREADS,
                    i -> forceOne(all.get(i), errors));
            return errors;
        }

        private void forceOne(Map.Entry<String, Staged> e, Map<String, Exception> errors) {
            try {
                FsUtil.force(e.getValue().tmp());
            } catch (IOException | RuntimeException ex) {
                errors.put(e.getKey(), ex);
            }
        }

        private void dropOrThrow(Map.Entry<String, Staged> e, Iterator<Map.Entry<String, Staged>> it, Exception ex)
                throws IOException {
            if (FsErrors.isDiskFull(ex)) {
                if (ex instanceof IOException io) {
                    throw io;
                }
                throw (RuntimeException) ex;
            }
            deleteQuietly(e.getValue().tmp());
            failed.add(e.getKey());
            it.remove();
        }

        /**
         * Deletes the objects this batch created (the add that staged them failed before its commit, so nothing can
         * name them): a failed add leaves the store as it found it instead of waiting for the next GC.
         */
        void discardNew() {
            discard(created);
            created.clear();
        }

        /** Deletes the temps of objects that were staged but not committed. */
        @Override
        public void close() {
            synchronized (ContentStore.this) {
                for (Staged s : staged.values()) {
                    deleteQuietly(s.tmp());
                }
                staged.clear();
            }
        }
    }

    private record Staged(Path tmp, long size) {
    }

    /** Ingests the bytes of a file inside the Workbench. */
    FsUtil.Hashed ingestFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return ingest(in, Long.MAX_VALUE);
        }
    }

    /**
     * Places {@code dir/name} as a hard link to the object (temp link, then atomic rename over the name); where links
     * are unsupported, a forced read-only byte copy.
     */
    void link(String sha, Path dir, String name) throws IOException {
        Path object = path(sha);
        Path tmp = FsUtil.tempIn(dir, name);
        try {
            try {
                ops.createLink(tmp, object);
            } catch (UnsupportedOperationException | FileSystemException e) {
                FsUtil.deleteIfExists(tmp);
                FsUtil.copyForced(object, tmp);
                FsUtil.setReadOnly(tmp);
            }
            Path target = dir.resolve(name);
            FsUtil.clearDosReadOnly(target);
            ops.replace(tmp, target);
            // POSIX rename of two links to the same inode succeeds without doing anything: when the target already
            // was this object's link (a publish retried after a failed swap), the temp link is still there
            FsUtil.deleteIfExists(tmp);
            keepReadOnly(sha);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * Whether hard links into {@code dir} keep the objects' read-only mode by themselves (POSIX permissions live on
     * the inode), so placing a link needs no mode fix afterwards.
     */
    boolean linksKeepMode(Path dir) {
        return Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS) != null;
    }

    /**
     * {@link #link} for a name known to hold another object or none ({@code absent}): a new name is linked straight
     * under its name, a replaced one by temp link + rename; no mode fix (POSIX only, see {@link #linksKeepMode}) and
     * no temp clean-up (a rename between two different inodes never leaves its source). Where links are unsupported,
     * {@link #link}.
     */
    void linkOver(String sha, Path dir, String name, boolean absent) throws IOException {
        Path object = path(sha);
        Path target = dir.resolve(name);
        Path tmp = FsUtil.tempIn(dir, name);
        try {
            if (absent) {
                try {
                    ops.createLink(target, object);
                    return;
                } catch (FileAlreadyExistsException e) {
                    // present after all: replaced below
                } catch (UnsupportedOperationException | FileSystemException e) {
                    copyOver(sha, tmp, target);
                    return;
                }
            }
            try {
                ops.createLink(tmp, object);
            } catch (UnsupportedOperationException | FileSystemException e) {
                copyOver(sha, tmp, target);
                return;
            }
            ops.replace(tmp, target);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** Where links are unsupported: a forced read-only copy of the object renamed over {@code target}. */
    private void copyOver(String sha, Path tmp, Path target) throws IOException {
        FsUtil.deleteIfExists(tmp);
        FsUtil.copyForced(path(sha), tmp);
        FsUtil.setReadOnly(tmp);
        FsUtil.clearDosReadOnly(target);
        ops.replace(tmp, target);
        FsUtil.deleteIfExists(tmp);
        keepReadOnly(sha);
    }

    /**
     * Places {@code dir/name} as a hard link to the object, straight under its final name: only for a private staging
     * folder this engine just created empty (restore's {@code published.restore_tmp/}), where no reader can see a
     * half-made name and a crash leaves a folder reconciliation deletes whole. One {@code link} call per file instead
     * of link + rename + mode fix; a POSIX link never changes the object's (read-only) mode. Where links are
     * unsupported, a forced read-only byte copy as in {@link #link}.
     */
    void linkIntoFresh(String sha, Path dir, String name) throws IOException {
        Path object = path(sha);
        Path target = dir.resolve(name);
        try {
            ops.createLink(target, object);
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof FileAlreadyExistsException) {
                throw (FileAlreadyExistsException) e;
            }
            FsUtil.deleteIfExists(target);
            Path tmp = FsUtil.tempIn(dir, name);
            try {
                FsUtil.copyForced(object, tmp);
                FsUtil.setReadOnly(tmp);
                ops.rename(tmp, target);
            } catch (IOException | RuntimeException copyFailed) {
                deleteQuietly(tmp);
                throw copyFailed;
            }
            keepReadOnly(sha);
        }
    }

    /**
     * Sets the object read-only again after one of its links was deleted or replaced (on Windows the links share the
     * attribute that had to be cleared); harmless elsewhere.
     */
    void keepReadOnly(String sha) {
        try {
            if (FsUtil.exists(path(sha))) {
                FsUtil.setReadOnly(path(sha));
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the object stays immutable by convention
        }
    }

    /** Size of the object on disk (stat), or -1 when it is missing. */
    long statSize(String sha) {
        try {
            return Files.size(path(sha));
        } catch (IOException e) {
            return -1;
        }
    }

    /** Deletes every indexed object not in {@code marked}; returns the count and bytes deleted. */
    synchronized StoreStats collect(Set<String> marked) throws IOException {
        return collect(marked::contains);
    }

    /** Deletes every indexed object {@code live} rejects; returns the count and bytes deleted. */
    synchronized StoreStats collect(java.util.function.Predicate<String> live) throws IOException {
        Map<String, Long> idx = index();
        List<String> garbage = new ArrayList<>();
        for (String sha : idx.keySet()) {
            if (!live.test(sha)) {
                garbage.add(sha);
            }
        }
        long count = 0;
        long bytes = 0;
        for (String sha : garbage) {
            Path p = path(sha);
            try {
                FsUtil.deleteIfExists(p);
                bytes += idx.remove(sha);
                count++;
            } catch (IOException e) {
                // kept; the next collection tries again
            }
        }
        return new StoreStats(count, bytes);
    }

    /** Deletes stale {@code objects/.tmp-*} files; returns how many. */
    int deleteTemps() throws IOException {
        int n = 0;
        for (Path p : FsUtil.list(objects)) {
            if (p.getFileName().toString().startsWith(".tmp-")) {
                FsUtil.deleteTree(p);
                n++;
            }
        }
        return n;
    }

    private static void deleteQuietly(Path p) {
        try {
            FsUtil.deleteIfExists(p);
        } catch (IOException | RuntimeException ignored) {
            // best effort cleanup of a temp
        }
    }
}
