package dev.trestle.adapters.support;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * The one place that tells what an I/O failure means, for every adapter that writes to disk: out of space (no space
 * left on the device, no free inode, over quota: all {@code DISK_FULL}), an I/O error, or something else. The JDK
 * reports errno only as text ({@code strerror}), so the classification reads the message of the failure or any
 * cause; the short reason it returns is fixed text, never the exception's own message (which may carry paths).
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
        Kind found = Kind.OTHER;
        for (Throwable c = failure; c != null; c = c.getCause()) {
            String m = c instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                    : c.getMessage();
            if (m != null) {
                String lower = m.toLowerCase(Locale.ROOT);
                if (lower.contains("no space left on device") || lower.contains("out of disk space")
                        || lower.contains("not enough space on the disk") || lower.contains("disk quota exceeded")
                        || lower.contains("quota exceeded")) {
                    return Kind.DISK_FULL;
                }
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

    /** Whether {@code failure} means the disk (or the user's quota) is full. */
    public static boolean isDiskFull(Throwable failure) {
        return classify(failure) == Kind.DISK_FULL;
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
