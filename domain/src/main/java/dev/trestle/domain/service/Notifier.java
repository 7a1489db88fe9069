package dev.trestle.domain.service;

import dev.trestle.domain.model.Clutter;
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

    /** {@code contextLimits}: windows vendors stated in overflow answers, overriding the registry's for clutter. */
    public Notifier(EventSinkPort events, EngineLogPort log, ActiveModels models,
                    ObservedContextLimits contextLimits) {
        this.events = events;
        this.log = log;
        this.models = models;
        this.contextLimits = contextLimits;
    }

    void emit(EngineEvent event) {
        try {
            events.emit(event);
        } catch (RuntimeException e) {
            log.warn("event_emit_failed", Map.of("event", event.getClass().getSimpleName(),
                    "exception", e.getClass().getName()));
        }
    }

    ClutterState clutter(WorkbenchContext ctx) {
        WorkshopRun run = ctx.run();
        long inflight = run == null ? 0 : run.inflightBytes;
        double usage = ctx.filesWeight() + Clutter.textWeight(ctx.conversationBytes()) + Clutter.textWeight(inflight);
        return Clutter.state(usage, contextLimits.window(models.activeModel(ctx)));
    }

    void emitClutter(WorkbenchContext ctx) {
        emit(new EngineEvent.ClutterChanged(ctx.id, clutter(ctx)));
    }
}
