package dev.trestle.domain.service;

import dev.trestle.domain.model.ClutterState;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ObservedContextLimits;
import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.EventSinkPort;
import java.util.Map;

/**
 * Emits engine events synchronously on the request thread (so notifications precede the response) and computes the
 * clutter signal ({@code docs/spec/algorithms.md} §6). A failing sink is logged, never fails the request.
 */
public final class Notifier {
    private final EventSinkPort events;
    private final EngineLogPort log;
    private final ActiveModels models;
    private final ObservedContextLimits contextLimits;
    private final TokenAccounting tokens;

    /**
     * {@code contextLimits}: windows vendors stated in overflow answers, overriding the registry's for clutter;
     * {@code tokens}: the token accounting clutter reads.
     */
    public Notifier(EventSinkPort events, EngineLogPort log, ActiveModels models,
                    ObservedContextLimits contextLimits, TokenAccounting tokens) {
        this.events = events;
        this.log = log;
        this.models = models;
        this.contextLimits = contextLimits;
        this.tokens = tokens;
    }

    void emit(EngineEvent event) {
        try {
            events.emit(event);
        } catch (RuntimeException e) {
            log.warn("event_emit_failed", Map.of("event", event.getClass().getSimpleName(),
                    "exception", e.getClass().getName()));
        }
    }

    /** The clutter of {@code ctx}; when counts settle in the background, a fresh one is emitted. */
    ClutterState clutter(WorkbenchContext ctx) {
        return tokens.clutter(ctx, contextLimits.window(models.activeModel(ctx)), this::emitClutter);
    }

    void emitClutter(WorkbenchContext ctx) {
        emit(new EngineEvent.ClutterChanged(ctx.id, clutter(ctx)));
    }
}
