package dev.trestle.adapters.fs;

import dev.trestle.adapters.fs.ManifestCodec.ChunkRef;
import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.ScopeHash;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Workbench's manifest chunks {@code meta/checkpoints/chunks/<sha256>} ({@code storage.md} §6): a manifest (of
 * {@code files.json} or of a checkpoint) is cut into runs of consecutive entries, each stored once, immutable, named by
 * the SHA-256 of its bytes, so manifests that share most entries share most chunks and writing one costs the chunks that
 * changed. A run ends after an entry whose name hashes to a boundary value (about one name in {@link #AVERAGE}), or at
 * {@link #MAX_ENTRIES}: cut points depend on the names around them only, so adding, removing or changing one entry
 * changes one chunk (two when the entry moves to the end). Chunks read or written are kept in memory.
 */
final class ChunkStore {
    static final int AVERAGE = 64;
    static final int MAX_ENTRIES = 256;
    private static final int FORCE_THREADS = 8;
    private static final int READ_THREADS = 4;
    /** Runs remembered by edits ({@link #split(List, List)}) before the memory starts afresh. */
    private static final int MEMO_CAP = 4_096;

    private final Path dir;
    private final FileOps ops;
    /** Chunk name → its entries (everything this run read, wrote or cut). */
    private final Map<String, List<FileEntry>> entries = new ConcurrentHashMap<>();
    /** Chunks known to be durable on disk. */
    private final Set<String> onDisk = ConcurrentHashMap.newKeySet();
    /** Encoded chunks cut but not yet written. */
    private final Map<String, byte[]> unwritten = new HashMap<>();
    /** A run of entries → its reference, so an unchanged run is neither encoded nor hashed again. */
    private Map<List<FileEntry>, ChunkRef> memo = new HashMap<>();

    ChunkStore(Path dir, FileOps ops) {
        this.dir = dir;
        this.ops = ops;
    }

    Path root() {
        return dir;
    }

    Path path(String sha) {
        return dir.resolve(sha);
    }

    static boolean endsRun(String path, int runLength) {
        if (runLength >= MAX_ENTRIES) {
            return true;
        }
        int h = path.hashCode() * 0x9E3779B9;
        h ^= h >>> 15;
        return (h & (AVERAGE - 1)) == 0;
    }

    /** Cuts {@code files} into chunks (in memory; {@link #persist} writes the new ones), in order. */
    synchronized List<ChunkRef> split(List<FileEntry> files) {
        List<ChunkRef> out = new ArrayList<>(files.size() / AVERAGE + 1);
        Map<List<FileEntry>, ChunkRef> nextMemo = new HashMap<>();
        int start = 0;
        for (int i = 0; i < files.size(); i++) {
            if (endsRun(files.get(i).path(), i - start + 1) || i == files.size() - 1) {
                List<FileEntry> run = List.copyOf(files.subList(start, i + 1));
                ChunkRef ref = cut(run);
                nextMemo.put(run, ref);
                out.add(ref);
                start = i + 1;
            }
        }
        // keep the last few manifests' runs: enough for the next write, bounded by what is listed now
        if (memo.size() > 4 * nextMemo.size() + 64) {
            memo = nextMemo;
        } else {
            memo.putAll(nextMemo);
        }
        return out;
    }

    /**
     * The same chunks as {@link #split(List)} of {@code files}, found from {@code base} (the chunks of an earlier
     * version whose entries are in memory): the runs {@code files} still holds at its start and at its end are reused
     * as they are, compared entry by entry (the same instances, mostly), and only the stretch between them is cut
     * again, until a cut meets a reused run's start. A change of a few entries costs their chunks and one walk of
     * comparisons, not an encoding and a hash of every run. Falls back to {@link #split(List)} when {@code base} is
     * not in memory.
     */
    synchronized List<ChunkRef> split(List<FileEntry> files, List<ChunkRef> base) {
        List<List<FileEntry>> runs = new ArrayList<>(base.size());
        for (ChunkRef r : base) {
            List<FileEntry> e = entries.get(r.sha256());
            if (e == null || e.size() != r.files()) {
                return split(files);
            }
            runs.add(e);
        }
        int n = files.size();
        int head = 0;
        int pos = 0;
        // a leading run is reused when the full cut would end it at the same place: at a boundary name, or at the
        // end of both lists
        while (head < runs.size() && sameRun(files, pos, runs.get(head))) {
            List<FileEntry> run = runs.get(head);
            boolean last = head == runs.size() - 1 && pos + run.size() == n;
            if (!last && !endsRun(run.get(run.size() - 1).path(), run.size())) {
                break;
            }
            pos += run.size();
            head++;
        }
        if (head == runs.size() && pos == n) {
            return List.copyOf(base);
        }
        int tail = runs.size();
        int end = n;
        while (tail > head && end - runs.get(tail - 1).size() >= pos
                && sameRun(files, end - runs.get(tail - 1).size(), runs.get(tail - 1))) {
            end -= runs.get(tail - 1).size();
            tail--;
        }
        if (memo.size() > MEMO_CAP) {
            memo = new HashMap<>();
        }
        List<ChunkRef> out = new ArrayList<>(base.subList(0, head));
        int start = pos;
        int next = end;
        int k = tail;
        for (int i = pos; i < n; i++) {
            if (endsRun(files.get(i).path(), i - start + 1) || i == n - 1) {
                List<FileEntry> run = List.copyOf(files.subList(start, i + 1));
                ChunkRef ref = cut(run);
                memo.put(run, ref);
                out.add(ref);
                start = i + 1;
                while (k < runs.size() && next < start) {
                    next += runs.get(k).size();
                    k++;
                }
                if (start >= end && next == start) {
                    // the cut met a reused run's start: from here on both cuts agree
                    out.addAll(base.subList(k, base.size()));
                    return out;
                }
            }
        }
        return out;
    }

    private static boolean sameRun(List<FileEntry> files, int at, List<FileEntry> run) {
        if (at + run.size() > files.size()) {
            return false;
        }
        for (int j = 0; j < run.size(); j++) {
            FileEntry a = files.get(at + j);
            FileEntry b = run.get(j);
            if (a != b && !a.equals(b)) {
                return false;
            }
        }
        return true;
    }

    /** The reference of one run: remembered, else encoded and hashed (and kept to be written). */
    private ChunkRef cut(List<FileEntry> run) {
        ChunkRef ref = memo.get(run);
        if (ref == null) {
            byte[] bytes = ManifestCodec.chunk(run);
            String sha = HexFormat.of().formatHex(ScopeHash.sha256().digest(bytes));
            long total = 0;
            for (FileEntry e : run) {
                total += e.size();
            }
            ref = new ChunkRef(sha, run.size(), total);
            if (!onDisk.contains(sha)) {
                unwritten.put(sha, bytes);
            }
        }
        entries.putIfAbsent(ref.sha256(), run);
        return ref;
    }

    /**
     * Makes every chunk of {@code refs} durable: new ones are written to temps, forced (from several threads when
     * many), renamed to their names, and the folder is fsynced once. Chunks already on disk cost nothing. Returns the
     * chunks it created (a caller whose commit then fails {@link #discard}s them); on failure it deletes them itself.
     */
    List<String> persist(List<ChunkRef> refs) throws IOException {
        Map<String, byte[]> todo = new LinkedHashMap<>();
        synchronized (this) {
            for (ChunkRef r : refs) {
                if (onDisk.contains(r.sha256()) || todo.containsKey(r.sha256())) {
                    continue;
                }
                if (Files.isRegularFile(path(r.sha256()))) {
                    onDisk.add(r.sha256());
                    unwritten.remove(r.sha256());
                    continue;
                }
                byte[] bytes = unwritten.get(r.sha256());
                if (bytes == null) {
                    List<FileEntry> e = entries.get(r.sha256());
                    if (e == null) {
                        throw new IOException("chunk unknown: " + r.sha256());
                    }
                    bytes = ManifestCodec.chunk(e);
                }
                todo.put(r.sha256(), bytes);
            }
        }
        if (todo.isEmpty()) {
            return List.of();
        }
        Files.createDirectories(dir);
        List<Map.Entry<String, byte[]>> all = new ArrayList<>(todo.entrySet());
        Path[] temps = new Path[all.size()];
        IOException[] errors = new IOException[all.size()];
        List<String> created = new ArrayList<>();
        try {
            FsUtil.parallelFor(all.size(), all.size() < 8 ? 1 : FORCE_THREADS, i -> {
                Path tmp = dir.resolve(".tmp-" + FsUtil.random());
                temps[i] = tmp;
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(all.get(i).getValue());
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(true);
                } catch (IOException e) {
                    errors[i] = e;
                }
            });
            for (IOException e : errors) {
                if (e != null) {
                    throw e;
                }
            }
            for (int i = 0; i < all.size(); i++) {
                try {
                    ops.rename(temps[i], path(all.get(i).getKey()));
                    created.add(all.get(i).getKey());
                } catch (FileAlreadyExistsException raced) {
                    FsUtil.deleteIfExists(temps[i]);
                }
                temps[i] = null;
            }
            AtomicFiles.fsyncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            discard(created);
            throw e;
        } finally {
            for (Path t : temps) {
                if (t != null) {
                    FsUtil.deleteTreeQuietly(t);
                }
            }
        }
        synchronized (this) {
            for (String sha : todo.keySet()) {
                onDisk.add(sha);
                unwritten.remove(sha);
            }
        }
        return created;
    }

    /**
     * Deletes chunks a failed operation created and nothing names (the write of the root that would have named them
     * failed), so the folder is as the operation found it; one that cannot be deleted is left for the next GC. Their
     * entries stay in memory, so a retry writes them again.
     */
    void discard(List<String> shas) {
        for (String sha : shas) {
            try {
                FsUtil.deleteIfExists(path(sha));
                synchronized (this) {
                    onDisk.remove(sha);
                }
            } catch (IOException | RuntimeException e) {
                // unreferenced: collected by the next GC
            }
        }
    }

    /** The entries of a chunk: from memory, else read and checked against its name. */
    List<FileEntry> entries(String sha) throws IOException {
        List<FileEntry> cached = entries.get(sha);
        if (cached != null) {
            return cached;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path(sha));
        } catch (NoSuchFileException e) {
            throw new IOException("chunk missing: " + sha, e);
        }
        if (!sha.equals(HexFormat.of().formatHex(ScopeHash.sha256().digest(bytes)))) {
            throw new IOException("chunk corrupt: " + sha);
        }
        List<FileEntry> read;
        try {
            read = ManifestCodec.readChunk(bytes);
        } catch (RuntimeException e) {
            throw new IOException("chunk unreadable: " + sha, e);
        }
        entries.putIfAbsent(sha, read);
        onDisk.add(sha);
        return read;
    }

    /**
     * Every entry of {@code refs}, in order. Chunks not in memory yet (a first load) are read, checked and parsed
     * from a few threads at once.
     */
    List<FileEntry> expand(List<ChunkRef> refs) throws IOException {
        List<String> missing = new ArrayList<>();
        for (ChunkRef r : refs) {
            if (!entries.containsKey(r.sha256())) {
                missing.add(r.sha256());
            }
        }
        if (missing.size() >= 8) {
            IOException[] errors = new IOException[missing.size()];
            FsUtil.parallelFor(missing.size(), READ_THREADS, i -> {
                try {
                    entries(missing.get(i));
                } catch (IOException e) {
                    errors[i] = e;
                }
            });
            for (IOException e : errors) {
                if (e != null) {
                    throw e;
                }
            }
        }
        int n = 0;
        for (ChunkRef r : refs) {
            n += r.files();
        }
        List<FileEntry> out = new ArrayList<>(n);
        for (ChunkRef r : refs) {
            List<FileEntry> e = entries(r.sha256());
            if (e.size() != r.files()) {
                throw new IOException("chunk size mismatch: " + r.sha256());
            }
            out.addAll(e);
        }
        return out;
    }

    /** The object names of a chunk's entries. */
    String[] objects(String sha) throws IOException {
        List<FileEntry> e = entries(sha);
        String[] out = new String[e.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = e.get(i).sha256();
        }
        return out;
    }

    /** Names of the chunk files on disk (one listing, no reads). */
    List<String> listOnDisk() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path p : FsUtil.list(dir)) {
            String name = p.getFileName().toString();
            if (ContentStore.isObjectName(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * Deletes a chunk no manifest names (through the file-op seam, so a test can crash there); false when it could not
     * be deleted (the next GC tries again).
     */
    boolean delete(String sha) {
        try {
            ops.delete(path(sha));
        } catch (IOException | RuntimeException e) {
            return false;
        }
        synchronized (this) {
            onDisk.remove(sha);
            entries.remove(sha);
            unwritten.remove(sha);
        }
        return true;
    }

    /** Deletes stale {@code chunks/.tmp-*} files (a write cut short by a crash). */
    void deleteTemps() throws IOException {
        for (Path p : FsUtil.list(dir)) {
            if (p.getFileName().toString().startsWith(".tmp-")) {
                FsUtil.deleteTree(p);
            }
        }
    }
}
