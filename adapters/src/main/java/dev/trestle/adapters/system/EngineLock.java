package dev.trestle.adapters.system;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The engine lock of {@code storage.md} §1: an exclusive {@link FileChannel#tryLock()} on
 * {@code <data_dir>/engine.lock}, held for the engine's lifetime. Taken before anything else in the data directory is
 * read or written; {@link #close()} releases it.
 * <p>
 * OS file locks belong to the process, and on POSIX systems closing <em>any</em> descriptor of the file drops them
 * all. So a second attempt in the same JVM is answered from an in-process registry without opening the file, and a
 * channel that met another in-process lock holder ({@link OverlappingFileLockException}) is parked, not closed.
 */
public final class EngineLock implements AutoCloseable {
    public static final String FILE_NAME = "engine.lock";

    private static final Set<Path> HELD_IN_THIS_JVM = new HashSet<>();
    /** Channels that must stay open so another in-process holder keeps its lock (see class comment). */
    private static final List<FileChannel> PARKED = new ArrayList<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private EngineLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, creating the data directory if needed.
     *
     * @return the held lock, or empty when another engine (in this process or another) holds it
     * @throws IOException when the lock file cannot be created or opened at all
     */
    public static Optional<EngineLock> tryAcquire(Path dataDir) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        Path file = dir.toRealPath().resolve(FILE_NAME);
        synchronized (HELD_IN_THIS_JVM) {
            if (HELD_IN_THIS_JVM.contains(file)) {
                return Optional.empty();
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                PARKED.add(channel);
                return Optional.empty();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                // Held by another process: closing our descriptor cannot release a lock we never had.
                channel.close();
                return Optional.empty();
            }
            HELD_IN_THIS_JVM.add(file);
            writeOwner(channel);
            return Optional.of(new EngineLock(file, channel, lock));
        }
    }

    /** Records the holder's pid in the file, for a person wondering who holds it; best effort. */
    private static void writeOwner(FileChannel channel) {
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException | RuntimeException e) {
            // the lock, not the content, is what matters
        }
    }

    public boolean isHeld() {
        return lock.isValid();
    }

    @Override
    public void close() throws IOException {
        synchronized (HELD_IN_THIS_JVM) {
            try {
                if (lock.isValid()) {
                    lock.release();
                }
            } finally {
                channel.close();
                HELD_IN_THIS_JVM.remove(file);
            }
        }
    }
}
