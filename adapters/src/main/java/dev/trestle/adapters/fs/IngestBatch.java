package dev.trestle.adapters.fs;

import dev.trestle.adapters.support.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ingest of many files with one durability pass instead of one per file. {@link #stage} streams each file into
 * {@code objects/.tmp-<random>} while hashing, without forcing it (a content already stored or already staged is
 * dropped at once: dedup). {@link #commit} then forces every staged temp in one pass (no metadata changes in
 * between, so after the first journal commit the rest are cheap), sets each read-only and renames it to its object
 * name, and fsyncs each touched object folder once. So an object only ever appears under its name with its bytes
 * on disk, as with {@link ContentStore#ingest}; a crash before {@code commit} ends leaves {@code .tmp-*} files and unreferenced
 * objects, which reconciliation and GC delete ({@code storage.md} §9, §10). {@link #close} deletes whatever temps
 * were not committed. {@link #stage} may be called from several threads at once; the other methods from one.
 */
final class IngestBatch implements AutoCloseable {
    /** Threads forcing a large batch's objects; below {@link ContentStore#PARALLEL_MIN} objects one thread does it. */
    private static final int FORCE_THREADS = 16;

    private final Map<String, Staged> staged = new LinkedHashMap<>();
    private final Set<String> failed = new HashSet<>();
    private final List<String> created = new ArrayList<>();
    private volatile boolean objectsReady;

    private final ContentStore store;

    IngestBatch(ContentStore store) {
        this.store = store;
    }

    /** Streams {@code in} into an unforced temp while hashing; returns its hash (the object exists after commit). */
    FsUtil.Hashed stage(InputStream in, long maxBytes) throws IOException {
        Map<String, Long> idx = store.index();
        if (!objectsReady) {
            Files.createDirectories(store.objects);
            objectsReady = true;
        }
        Path tmp = store.objects.resolve(".tmp-" + FsUtil.random());
        try {
            // the write needs no lock (its own temp); several threads may stage at once
            FsUtil.Hashed h = FsUtil.writeHashing(in, tmp, maxBytes, false);
            synchronized (store) {
                String sha = h.sha256();
                if (staged.containsKey(sha)) {
                    FsUtil.deleteIfExists(tmp);
                } else if (FsUtil.exists(store.path(sha))) {
                    FsUtil.deleteIfExists(tmp);
                    idx.put(sha, h.size());
                } else {
                    staged.put(sha, new Staged(tmp, h.size()));
                }
                return h;
            }
        } catch (IOException | RuntimeException e) {
            ContentStore.deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * Forces, seals and names every staged object, then fsyncs the touched object folders. Returns the hashes whose
     * object could not be made (their files count as failed copies); a full disk is thrown, leaving the temps for
     * {@link #close}.
     */
    Set<String> commit() throws IOException {
        synchronized (store) {
            Map<String, Long> idx = store.index();
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
                Path target = store.path(e.getKey());
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
                            store.ops.rename(tmp, target);
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
                AtomicFiles.fsyncDirectory(store.objects);
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
        FsUtil.parallelFor(all.size(), all.size() < ContentStore.PARALLEL_MIN ? 1 : FORCE_THREADS,
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
        ContentStore.deleteQuietly(e.getValue().tmp());
        failed.add(e.getKey());
        it.remove();
    }

    /**
     * Deletes the objects this batch created (the add that staged them failed before its commit, so nothing can
     * name them): a failed add leaves the store as it found it instead of waiting for the next GC.
     */
    void discardNew() {
        store.discard(created);
        created.clear();
    }

    /** Deletes the temps of objects that were staged but not committed. */
    @Override
    public void close() {
        synchronized (store) {
            for (Staged s : staged.values()) {
                ContentStore.deleteQuietly(s.tmp());
            }
            staged.clear();
        }
    }

    private record Staged(Path tmp, long size) {
    }
}
