package dev.trestle.cli.commands;

import dev.trestle.cli.base.CliException;
import dev.trestle.cli.base.Terminal;
import dev.trestle.cli.engine.Engine;
import dev.trestle.cli.engine.EngineCallException;
import dev.trestle.cli.engine.EngineConnector;
import dev.trestle.cli.engine.LaunchSpec;
import dev.trestle.cli.output.Output;
import java.util.Map;

/** What commands need from the running CLI: global options, environment, and the engine lifecycle. */
public interface CliContext {
    /** Something a command does with a connected engine; returns the exit code. */
    @FunctionalInterface
    interface EngineAction {
        int run(Engine engine, Output out) throws EngineCallException, CliException;
    }

    /** Something a command does without an engine; returns the exit code. */
    @FunctionalInterface
    interface LocalAction {
        int run(Output out) throws CliException;
    }

    /** Starts the engine, runs the action, reports failures, always closes the engine. */
    int withEngine(EngineAction action);

    /** Runs an action that needs no engine, with the same failure reporting. */
    int local(LocalAction action);

    /** Where the engine is (no data dir yet). */
    LaunchSpec locateEngine() throws CliException;

    EngineConnector connector();

    Map<String, String> env();

    Terminal terminal();

    /** {@code --verbose}: forward the engine's stderr. */
    boolean verbose();
}
