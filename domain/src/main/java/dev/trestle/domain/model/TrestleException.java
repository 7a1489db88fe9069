package dev.trestle.domain.model;

import java.util.Objects;

/** The one exception type of the engine: it carries the {@link ErrorInfo} clients act on. */
public class TrestleException extends RuntimeException {
    private final transient ErrorInfo info;

    public TrestleException(ErrorInfo info) {
        super(message(info));
        this.info = Objects.requireNonNull(info);
    }

    public TrestleException(ErrorInfo info, Throwable cause) {
        super(message(info), cause);
        this.info = Objects.requireNonNull(info);
    }

    public ErrorInfo info() {
        return info;
    }

    /** Same failure, re-phased for the RPC that surfaces it ({@code errors.md} §3). */
    public TrestleException inPhase(Phase phase) {
        return info.phase() == phase ? this : new TrestleException(info.withPhase(phase), getCause());
    }

    private static String message(ErrorInfo info) {
        return info.detail() == null ? info.errorCode().name() : info.errorCode().name() + " (" + info.detail() + ")";
    }
}
