package dev.trestle.adapters.fs;

import dev.trestle.adapters.support.DiskFull;
import dev.trestle.adapters.support.IoFailures;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TrestleException;

/** Turns filesystem failures into {@link TrestleException}s; details never carry file contents. */
final class FsErrors {
    private FsErrors() {
    }

    /** Whether a failure means the disk (or quota, or a size-capped Jimfs) ran out of space. */
    static boolean isDiskFull(Throwable t) {
        return DiskFull.is(t);
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
        return error(ErrorCode.FILE_WRITE_FAILED, phase, what + " (" + IoFailures.reason(cause) + ")", cause);
    }

    static TrestleException read(Phase phase, String what, Throwable cause) {
        if (cause instanceof TrestleException te) {
            return te;
        }
        return error(ErrorCode.FILE_READ_FAILED, phase, what + " (" + IoFailures.reason(cause) + ")", cause);
    }

    static TrestleException validation(Phase phase, String token, String message) {
        return new TrestleException(ErrorInfo.validation(phase, token, message));
    }
}
