package dev.trestle.server.bootstrap;

import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.server.rpc.UseCases;
import java.util.Objects;

/**
 * A started engine: its use cases, version, log and the hook that releases it (engine lock, executors, files).
 *
 * @param close called once when the process ends; must not throw for an already-closed engine
 */
public record Engine(UseCases useCases, String engineVersion, EngineLogPort log, AutoCloseable close) {
    public Engine {
        Objects.requireNonNull(useCases, "useCases");
        Objects.requireNonNull(engineVersion, "engineVersion");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(close, "close");
    }
}
