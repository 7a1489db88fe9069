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

    /** A temp name in the target's folder: {@code .<name>.tmp-<random>}. */
    public static Path tempSibling(Path target) {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return target.resolveSibling("." + target.getFileName() + ".tmp-" + HexFormat.of().formatHex(b));
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

    /** Appends one full line plus {@code \n}, then forces it to disk. */
    public static void appendLine(Path file, String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    /** Best-effort fsync of a directory (supported on Linux default filesystems, ignored elsewhere). */
    public static void fsyncDirectory(Path dir) {
        if (dir == null || dir.getFileSystem() != java.nio.file.FileSystems.getDefault()) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // not supported on this platform/filesystem: the rename itself is still atomic
        }
    }
}
