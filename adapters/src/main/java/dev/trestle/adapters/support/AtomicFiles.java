package dev.trestle.adapters.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The write rules of {@code storage.md} §5 on any {@link java.nio.file.FileSystem}: atomic replace (temp in the same
 * folder, write, force, move, fsync the parent where supported) and append-only JSONL lines.
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /** Longest file name most file systems take (ext4, APFS, NTFS: 255 bytes or UTF-16 units). */
    public static final int MAX_NAME_BYTES = 255;

    /** A temp name in the target's folder: {@code .<name>.tmp-<random>} (short form for long names). */
    public static Path tempSibling(Path target) {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return target.resolveSibling(tempName(target.getFileName().toString(), HexFormat.of().formatHex(b)));
    }

    /**
     * {@code .<name>.tmp-<random>}, or {@code .tmp-<random>} when the long form would pass {@link #MAX_NAME_BYTES}:
     * the temp of a 255-byte name must not be 18 bytes too long to create.
     */
    public static String tempName(String name, String random) {
        String full = "." + name + ".tmp-" + random;
        return full.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES ? full : ".tmp-" + random;
    }

    /** Replaces {@code target} atomically with {@code bytes}; on error the temp is deleted, the target unchanged. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, bytes, new FileAttribute<?>[0]);
    }

    /**
     * As {@link #write(Path, byte[])}, creating the temp file with {@code attributes} (e.g. owner-only POSIX
     * permissions), so the target never exists, even briefly, with wider access.
     */
    public static void write(Path target, byte[] bytes, FileAttribute<?>... attributes) throws IOException {
        Path tmp = tempSibling(target);
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    attributes)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            move(tmp, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        fsyncDirectory(target.getParent());
    }

    /** {@code ATOMIC_MOVE} with replace; falls back to a plain replace where atomic moves are unsupported. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Appends one full line plus {@code \n} and forces it to disk, all or nothing: when the write or the force fails
     * (a full disk, a quota, an I/O error) the file is cut back to its previous length and forced again before the
     * failure is rethrown, so a failed append never leaves a fragment for the next line to be glued onto. A torn last
     * line left by a crash (a file not ending in {@code \n}) is cut off before the new line is written: it was never
     * acknowledged. Appends to one file are serialised within the engine.
     */
    public static void appendLine(Path file, String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (lockFor(file)) {
            boolean existed = Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            boolean written = false;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                long end = completeLength(ch);
                if (end < ch.size()) {
                    ch.truncate(end);
                }
                try {
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    long at = end;
                    while (buf.hasRemaining()) {
                        at += ch.write(buf, at);
                    }
                    ch.force(true);
                    written = true;
                } catch (IOException | RuntimeException e) {
                    try {
                        ch.truncate(end);
                        ch.force(true);
                    } catch (IOException | RuntimeException undo) {
                        e.addSuppressed(undo);
                    }
                    throw e;
                }
            } finally {
                if (!written && !existed) {
                    // a log this append created goes with it: the folder is as before
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException ignored) {
                        // an empty log is harmless
                    }
                }
            }
        }
    }

    /** The length of the file's complete lines: its size, or the offset after its last {@code \n} when torn. */
    static long completeLength(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0 || lastByte(ch, size) == '\n') {
            return size;
        }
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long pos = size;
        while (pos > 0) {
            int n = (int) Math.min(buf.capacity(), pos);
            pos -= n;
            buf.clear().limit(n);
            while (buf.hasRemaining()) {
                if (ch.read(buf, pos + buf.position()) < 0) {
                    break;
                }
            }
            for (int i = n - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return pos + i + 1;
                }
            }
        }
        return 0;
    }

    private static byte lastByte(FileChannel ch, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        ch.read(one, size - 1);
        return one.get(0);
    }

    private static final Object[] LOCKS = new Object[64];

    static {
        for (int i = 0; i < LOCKS.length; i++) {
            LOCKS[i] = new Object();
        }
    }

    private static Object lockFor(Path file) {
        return LOCKS[Math.floorMod(file.toAbsolutePath().normalize().hashCode(), LOCKS.length)];
    }

    /** Best-effort fsync of a directory (supported on Linux default filesystems, ignored elsewhere). */
    public static void fsyncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // not supported on this platform/filesystem: the rename itself is still atomic
        }
    }
}
