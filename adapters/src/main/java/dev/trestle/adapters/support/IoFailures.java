package dev.trestle.adapters.support;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * What an I/O failure means, for error details: out of space (decided by {@link DiskFull}, the one disk-full
 * detector: no space, no free inode, over quota), an I/O error, a permission problem, or something else. The JDK
 * reports errno only as text ({@code strerror}), so the classification reads the message of the failure or any cause;
 * the short reason it returns is fixed text, never the exception's own message (which may carry paths).
 */
public final class IoFailures {
    /** What kind of failure. */
    public enum Kind {
        /** {@code ENOSPC} (space or inodes), {@code EDQUOT}, a size-capped Jimfs, Windows' disk-full text. */
        DISK_FULL,
        /** {@code EIO}. */
        IO_ERROR,
        /** Permission or read-only file system. */
        DENIED,
        OTHER
    }

    private IoFailures() {
    }

    /** The kind of {@code failure}, looking through its causes. */
    public static Kind classify(Throwable failure) {
        if (DiskFull.is(failure)) {
            return Kind.DISK_FULL;
        }
        Kind found = Kind.OTHER;
        for (Throwable c = failure; c != null; c = c.getCause()) {
            String m = c instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                    : c.getMessage();
            if (m != null) {
                String lower = m.toLowerCase(Locale.ROOT);
                if (lower.contains("input/output error") && found == Kind.OTHER) {
                    found = Kind.IO_ERROR;
                }
                if ((lower.contains("read-only file system") || lower.contains("permission denied"))
                        && found == Kind.OTHER) {
                    found = Kind.DENIED;
                }
            }
            if (c instanceof AccessDeniedException && found == Kind.OTHER) {
                found = Kind.DENIED;
            }
        }
        return found;
    }

    /** A short, fixed reason for an error detail: never the exception's own text. */
    public static String reason(Throwable failure) {
        return switch (classify(failure)) {
            case DISK_FULL -> "no space left";
            case IO_ERROR -> "input/output error";
            case DENIED -> "permission denied";
            case OTHER -> failure instanceof IOException ? "i/o failure" : "unexpected failure";
        };
    }
}
