package dev.trestle.adapters.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The renames and links the store's crash-safety depends on, behind a seam so tests can inject a failure at one exact
 * step (for example the second rename of a publish or restore swap).
 */
interface FileOps {
    /** The real filesystem operations. */
    FileOps DEFAULT = new FileOps() {
    };

    /** Renames {@code from} to {@code to} atomically; {@code to} must not be a non-empty folder. */
    default void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Renames a file over an existing one atomically. */
    default void replace(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes a file if it exists (a read-only one too). */
    default void delete(Path file) throws IOException {
        FsUtil.deleteIfExists(file);
    }

    /** Creates a hard link {@code link} to {@code existing}. */
    default void createLink(Path link, Path existing) throws IOException {
        Files.createLink(link, existing);
    }
}
