package dev.trestle.server.bootstrap;

import dev.trestle.domain.port.out.EventSinkPort;

/** The production {@link EngineFactory}: plain-constructor wiring of adapters and services (written by the integrator). */
public final class CompositionRoot implements EngineFactory {
    @Override
    public Engine start(Options options, EventSinkPort events) throws EngineLockedException {
        throw new UnsupportedOperationException("not wired yet");
    }
}
