package dev.trestle.cli.base;

/**
 * A failure the CLI reports itself (usage mistakes, an engine that cannot be started, a declined prompt): it carries
 * the process exit code and a one-line message that never contains a secret.
 */
public class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String engineLog;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
        this.engineLog = "";
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.engineLog = "";
    }

    private CliException(int exitCode, String message, Throwable cause, String engineLog) {
        super(message, cause);
        this.exitCode = exitCode;
        this.engineLog = engineLog == null ? "" : engineLog;
    }

    /** The same failure with what the engine wrote on stderr attached (shown when not already forwarded). */
    public CliException withEngineLog(String log) {
        return new CliException(exitCode, getMessage(), getCause(), log);
    }

    /** What the engine wrote on stderr before this failure, or empty. */
    public String engineLog() {
        return engineLog;
    }

    /** The exit code from {@link ExitCodes} this failure ends the process with. */
    public int exitCode() {
        return exitCode;
    }
}
