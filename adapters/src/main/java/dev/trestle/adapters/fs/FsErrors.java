package dev.trestle.adapters.fs;

import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TrestleException;
import java.util.Locale;

/** Turns filesystem failures into {@link TrestleException}s; details never carry file contents. */
final class FsErrors {
    private FsErrors() {
    }

    /** Whether a failure means the disk (or a size-capped Jimfs) ran out of space. */
    static boolean isDiskFull(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null) {
                String lower = m.toLowerCase(Locale.ROOT);
                if (lower.contains("no space left on device") || lower.contains("out of disk space")
                        || lower.contains("not enough space on the disk") || lower.contains("disk quota exceeded")) {
                    return true;
                }
            }
            if (c instanceof TrestleException te && te.info().errorCode() == ErrorCode.DISK_FULL) {
                return true;
            }
        }
        return false;
    }

    static TrestleException error(ErrorCode code, Phase phase, String detail) {
        return new TrestleException(ErrorInfo.of(code, phase).withDetail(detail));
    }

    static TrestleException error(ErrorCode code, Phase phase, String detail, Throwable cause) {
        return new TrestleException(ErrorInfo.of(code, phase).withDetail(detail), cause);
    }

    /** {@code DISK_FULL} when out of space, else {@code FILE_WRITE_FAILED}. */
    static TrestleException write(Phase phase, String what, Throwable cause) {
        if (cause instanceof TrestleException te) {
            return te;
        }
        if (isDiskFull(cause)) {
            return error(ErrorCode.DISK_FULL, phase, what, cause);
        }
        return error(ErrorCode.FILE_WRITE_FAILED, phase, what + " (" + cause.getClass().getSimpleName() + ")",
                cause);
    }

    static TrestleException read(Phase phase, String what, Throwable cause) {
        if (cause instanceof TrestleException te) {
            return te;
        }
        return error(ErrorCode.FILE_READ_FAILED, phase, what + " (" + cause.getClass().getSimpleName() + ")", cause);
    }

    static TrestleException validation(Phase phase, String token, String message) {
        return new TrestleException(ErrorInfo.validation(phase, token, message));
    }
}
