package dev.trestle.adapters.support;

import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.TrestleException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * The one disk-full detector of the adapters: whether a failure (or any cause) means the disk ran out of space, on
 * Linux/macOS ({@code ENOSPC}, {@code EDQUOT}), Windows ({@code ERROR_DISK_FULL}, {@code ERROR_HANDLE_DISK_FULL}) and
 * Jimfs with a size cap; an already mapped {@code DISK_FULL} counts too. Every adapter that writes decides
 * {@code DISK_FULL} versus {@code FILE_WRITE_FAILED} here ({@code docs/spec/errors.md} §2).
 */
public final class DiskFull {
    private DiskFull() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof TrestleException te && te.info().errorCode() == ErrorCode.DISK_FULL) {
                return true;
            }
            if (c instanceof FileSystemException fse && mentionsNoSpace(fse.getReason())) {
                return true;
            }
            if (mentionsNoSpace(c.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsNoSpace(String message) {
        if (message == null) {
            return false;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("no space left on device") || lower.contains("out of disk space")
                || lower.contains("not enough space on the disk") || lower.contains("disk quota exceeded")
                || lower.contains("disk is full");
    }
}
