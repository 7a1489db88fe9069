package dev.trestle.server.bootstrap;

/**
 * Another engine holds {@code <data_dir>/engine.lock} ({@code storage.md} §1): the process prints one line to stderr
 * and exits with code {@value Main#EXIT_LOCKED}.
 */
public final class EngineLockedException extends Exception {
    private static final long serialVersionUID = 1L;

    public EngineLockedException(String message) {
        super(message);
    }

    public EngineLockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
