package dev.trestle.cli.engine;

import dev.trestle.cli.base.CliException;
import java.io.PrintWriter;

/** Starts an engine and completes the handshake. Production: {@link EngineSession#start}; tests: fakes. */
@FunctionalInterface
public interface EngineConnector {
    /**
     * @param spec       where the engine is and its arguments
     * @param verboseErr where to forward the engine's stderr live, or null to keep it
     */
    ConnectedEngine connect(LaunchSpec spec, PrintWriter verboseErr) throws CliException;
}
