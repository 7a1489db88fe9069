package dev.trestle.domain.port.out;

import dev.trestle.domain.model.EngineEvent;

/** Where notifications go (the RPC client). Must not block for long and never throws. */
public interface EventSinkPort {
    void emit(EngineEvent event);
}
