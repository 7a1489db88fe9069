package dev.trestle.server.bootstrap;

import dev.trestle.domain.port.out.EventSinkPort;

/**
 * Builds the engine: takes the engine lock first, runs startup reconciliation, wires adapters and services.
 * {@link CompositionRoot} is the production implementation; tests pass fakes.
 */
@FunctionalInterface
public interface EngineFactory {
    /**
     * @param events where the engine sends notifications (connected to the client once the protocol starts)
     * @throws EngineLockedException when another engine holds {@code <data_dir>/engine.lock}
     */
    Engine start(Options options, EventSinkPort events) throws EngineLockedException;
}
