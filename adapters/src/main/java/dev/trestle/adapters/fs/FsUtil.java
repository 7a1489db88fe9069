package dev.trestle.adapters.fs;

import dev.trestle.adapters.support.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Small filesystem helpers that never follow symbolic links. */
final class FsUtil {
    /** Idle daemon threads for {@link #parallelFor}; a thread idle for 30 s ends. */
    private static final ExecutorService IO_POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread th = new Thread(r, "trestle-file-io");
                th.setDaemon(true);
                return th;
            });

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> READ_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    private static final int BUFFER = 64 * 1024;

    private FsUtil() {
    }

    static String random() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * A temp name for {@code name} inside {@code dir}: {@code .<name>.tmp-<random>}, or just {@code .tmp-<random>} when
     * that would pass the 255-byte limit of a file name (names of 238–255 bytes must still be addable).
     */
    static Path tempIn(Path dir, String name) {
        return dir.resolve(AtomicFiles.tempName(name, random()));
    }

    static boolean isTempName(String name) {
        return name.startsWith(".") && name.contains(".tmp-");
    }

    static boolean isDirectory(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    static BasicFileAttributes attributes(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    /** Children of a folder (empty when it does not exist). */
    static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                out.add(p);
            }
        }
        return out;
    }

    /** Removes write permission for everyone (POSIX {@code r--r--r--}; the DOS read-only attribute elsewhere). */
    static void setReadOnly(Path p) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(p, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (posix != null) {
            posix.setPermissions(READ_ONLY);
            return;
        }
        DosFileAttributeView dos = Files.getFileAttributeView(p, DosFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (dos != null) {
            dos.setReadOnly(true);
        }
    }

    /** Whether no one may write the file (POSIX) or it carries the read-only attribute (DOS). */
    static boolean isReadOnly(Path p) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(p, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (posix != null) {
            Set<PosixFilePermission> perms = posix.readAttributes().permissions();
            return !perms.contains(PosixFilePermission.OWNER_WRITE) && !perms.contains(PosixFilePermission.GROUP_WRITE)
                    && !perms.contains(PosixFilePermission.OTHERS_WRITE);
        }
        DosFileAttributeView dos = Files.getFileAttributeView(p, DosFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        return dos != null && dos.readAttributes().isReadOnly();
    }

    /**
     * Clears the DOS read-only attribute so a link can be deleted or replaced (Windows links share it); a no-op on
     * POSIX filesystems, where removing a name needs only folder permissions.
     */
    static void clearDosReadOnly(Path p) throws IOException {
        if (Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) != null) {
            return;
        }
        DosFileAttributeView dos = Files.getFileAttributeView(p, DosFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (dos != null && exists(p) && dos.readAttributes().isReadOnly()) {
            dos.setReadOnly(false);
        }
    }

    /** Deletes a file or empty folder if present; clears a DOS read-only attribute when that blocks the delete. */
    static void deleteIfExists(Path p) throws IOException {
        try {
            Files.deleteIfExists(p);
        } catch (AccessDeniedException e) {
            DosFileAttributeView dos = Files.getFileAttributeView(p, DosFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (dos == null) {
                throw e;
            }
            dos.setReadOnly(false);
            Files.deleteIfExists(p);
        }
    }

    /** Deletes a folder tree bottom-up without following links. */
    static void deleteTree(Path root) throws IOException {
        if (!exists(root)) {
            return;
        }
        if (isDirectory(root)) {
            deleteChildren(root);
        }
        try {
            deleteIfExists(root);
        } catch (NoSuchFileException e) {
            // already gone
        }
    }

    /**
     * Deletes a folder's children, trying a plain delete first (one {@code lstat} + {@code unlink} per file, the
     * common case of a flat folder such as {@code published.prev/}) and descending only into non-empty folders.
     */
    private static void deleteChildren(Path dir) throws IOException {
        List<Path> children;
        try {
            children = list(dir);
        } catch (NoSuchFileException e) {
            return;
        }
        for (Path child : children) {
            try {
                deleteIfExists(child);
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                deleteTree(child);
            }
        }
    }

    /** Deletes quietly; returns whether the path is gone afterwards. */
    static boolean deleteTreeQuietly(Path root) {
        try {
            deleteTree(root);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Streams {@code in} into a new file {@code target} (CREATE_NEW), forcing it to disk; returns the SHA-256. */
    static Hashed writeHashing(InputStream in, Path target, long maxBytes) throws IOException {
        return writeHashing(in, target, maxBytes, true);
    }

    /**
     * Streams {@code in} into a new file {@code target} (CREATE_NEW) while hashing; forces it to disk only when
     * {@code force} (a batch forces its files later in one pass, {@link IngestBatch}).
     */
    static Hashed writeHashing(InputStream in, Path target, long maxBytes, boolean force) throws IOException {
        MessageDigest digest = dev.trestle.domain.model.ScopeHash.sha256();
        long size = 0;
        byte[] buf = new byte[BUFFER];
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                size += n;
                if (size > maxBytes) {
                    throw new TooLargeException();
                }
                digest.update(buf, 0, n);
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
            }
            if (force) {
                ch.force(true);
            }
        }
        return new Hashed(HexFormat.of().formatHex(digest.digest()), size);
    }

    /** One step of {@link #parallelFor}. */
    @FunctionalInterface
    interface IndexTask {
        void run(int index);
    }

    /**
     * Runs {@code task} for every index in {@code [0, n)} on up to {@code threads} threads (the caller's included) and
     * returns when all have finished. Meant for I/O-bound file work (creating, writing, forcing many small files),
     * where waits on the filesystem overlap. The task must be thread-safe and catch its own exceptions.
     */
    static void parallelFor(int n, int threads, IndexTask task) {
        int t = Math.max(1, Math.min(threads, n));
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                task.run(i);
            }
        };
        // helpers come from a pool of idle daemon threads: a restore's two-file force no longer starts a thread
        CountDownLatch done = new CountDownLatch(t - 1);
        RuntimeException[] failed = new RuntimeException[1];
        for (int k = 1; k < t; k++) {
            IO_POOL.execute(() -> {
                try {
                    worker.run();
                } catch (RuntimeException | Error e) {
                    synchronized (failed) {
                        failed[0] = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                    }
                    next.set(n);
                } finally {
                    done.countDown();
                }
            });
        }
        try {
            worker.run();
        } catch (RuntimeException e) {
            // the helpers still finish their indexes before the caller sees the failure
            synchronized (failed) {
                failed[0] = e;
            }
            next.set(n);
        }
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException ie) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        synchronized (failed) {
            if (failed[0] != null) {
                throw failed[0];
            }
        }
    }

    /** Forces an existing file's bytes and metadata to disk (opened for writing: Windows needs write access). */
    static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            ch.force(true);
        }
    }

    /** Byte copy of {@code source} into a new file {@code target}, forced to disk. */
    static void copyForced(Path source, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            writeHashing(in, target, Long.MAX_VALUE);
        }
    }

    /** Byte copy of {@code source} into a new file {@code target}, forced to disk, without hashing. */
    static void copyPlainForced(Path source, Path target) throws IOException {
        copyPlain(source, target, true);
    }

    /** Byte copy of {@code source} into a new file {@code target} without hashing, forced only when asked. */
    static void copyPlain(Path source, Path target, boolean force) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = in.size();
            long pos = 0;
            while (pos < size) {
                long n = in.transferTo(pos, size - pos, out);
                if (n <= 0) {
                    break;
                }
                pos += n;
            }
            if (force) {
                out.force(true);
            }
        }
    }

    /** SHA-256 and size of a file's bytes. */
    static Hashed hash(Path file) throws IOException {
        MessageDigest digest = dev.trestle.domain.model.ScopeHash.sha256();
        long size = 0;
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
                size += n;
            }
        }
        return new Hashed(HexFormat.of().formatHex(digest.digest()), size);
    }

    /** Content hash and byte count. */
    record Hashed(String sha256, long size) {
    }

    /** The source grew beyond the size limit while it was being read. */
    static final class TooLargeException extends IOException {
        TooLargeException() {
            super("source larger than the file size limit");
        }
    }
}
