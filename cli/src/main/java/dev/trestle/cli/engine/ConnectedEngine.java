package dev.trestle.cli.engine;

/** An {@link Engine} the CLI started and must close: {@code shutdown}/{@code exit}, then the process ends. */
public interface ConnectedEngine extends Engine, AutoCloseable {
    /** What the engine wrote on stderr so far (empty when it was forwarded live). */
    String stderrText();

    /** {@code EngineGetInfo}'s result from the handshake. */
    com.google.gson.JsonObject engineInfo();

    @Override
    void close();
}
