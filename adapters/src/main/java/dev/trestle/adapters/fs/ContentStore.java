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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One Workbench's content store {@code meta/checkpoints/objects/<2 hex>/<sha256>} ({@code storage.md} §6): immutable,
 * read-only objects named by the SHA-256 of their bytes, with an in-memory index listed once on first use.
 */
final class ContentStore {
    /** Batches smaller than this are staged and forced on the caller's thread alone. */
    static final int PARALLEL_MIN = 64;
    private static final Pattern OBJECT_NAME = Pattern.compile("^[0-9a-f]{64}$");

    final Path objects;
    final FileOps ops;
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

    /**
     * Object name → size, keeping the sum of the sizes as entries are put and removed, so {@link #stats} (the size
     * {@code CheckpointsList} reports) is O(1) rather than a pass over the index per call.
     */
    private static final class SizedIndex extends HashMap<String, Long> {
        private long total;

        @Override
        public Long put(String key, Long value) {
            Long previous = super.put(key, value);
            total += value - (previous == null ? 0 : previous);
            return previous;
        }

        @Override
        public Long remove(Object key) {
            Long removed = super.remove(key);
            if (removed != null) {
                total -= removed;
            }
            return removed;
        }

        long total() {
            return total;
        }
    }

    private Map<String, Long> scan() throws IOException {
        Map<String, Long> found = new SizedIndex();
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
        return new StoreStats(idx.size(), ((SizedIndex) idx).total());
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
        return new IngestBatch(this);
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

    static void deleteQuietly(Path p) {
        try {
            FsUtil.deleteIfExists(p);
        } catch (IOException | RuntimeException ignored) {
            // best effort cleanup of a temp
        }
    }
}
