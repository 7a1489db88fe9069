package dev.trestle.domain.service;

import dev.trestle.domain.model.ArrivalOrder;
import dev.trestle.domain.model.CancelScope;
import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.ClutterState;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.ObservedContextLimits;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.Ulid;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * State and rules shared by the services: the per-Workbench contexts and locks, the selection hierarchy, clutter and
 * conversation appends.
 */
final class EngineCore {
    final EnginePorts ports;
    final PromptBuilder prompts;
    final TokenAccounting tokens;
    /** Context windows vendors stated in overflow answers; they override the registry's estimate for clutter. */
    final ObservedContextLimits contextLimits = new ObservedContextLimits();
    private final ConcurrentHashMap<String, WorkbenchContext> contexts = new ConcurrentHashMap<>();
    /** One monitor per Workbench being loaded: a slow first load never blocks another Workbench's. */
    private final ConcurrentHashMap<String, Object> loading = new ConcurrentHashMap<>();

    EngineCore(EnginePorts ports, TokenPorts tokenPorts) {
        this.ports = ports;
        this.prompts = new PromptBuilder(ports.published());
        this.tokens = new TokenAccounting(tokenPorts.counter(), tokenPorts.calibration(), prompts,
                tokenPorts.background(), ports.log(), this::emitClutter);
    }

    /** The context of an existing Workbench; {@code unknown_workbench} otherwise (any non-ULID id included). */
    WorkbenchContext context(String workbenchId, Phase phase) {
        if (!Ulid.isValid(workbenchId)) {
            throw new TrestleException(ErrorInfo.validation(phase, "unknown_workbench", "no such workbench")
                    .withWorkbench(null));
        }
        WorkbenchContext existing = contexts.get(workbenchId);
        if (existing != null) {
            return existing;
        }
        Object monitor = loading.computeIfAbsent(workbenchId, k -> new Object());
        try {
            synchronized (monitor) {
                existing = contexts.get(workbenchId);
                if (existing != null) {
                    return existing;
                }
                WorkbenchInfo info = ports.catalog().load(workbenchId).orElseThrow(() -> new TrestleException(
                        ErrorInfo.validation(phase, "unknown_workbench", "no such workbench")));
                WorkshopState state = ports.catalog().loadWorkshopState(workbenchId)
                        .orElse(new WorkshopState(null, null));
                WorkbenchContext ctx = new WorkbenchContext(workbenchId, info, state,
                        ports.published().manifest(workbenchId), ports.conversation().read(workbenchId),
                        ports.drafts().draft(workbenchId), tokens::messageTokens);
                WorkbenchContext raced = contexts.putIfAbsent(workbenchId, ctx);
                return raced != null ? raced : ctx;
            }
        } finally {
            loading.remove(workbenchId, monitor);
        }
    }

    void forget(String workbenchId) {
        contexts.remove(workbenchId);
    }

    /**
     * Runs {@code body} holding the Workbench lock. A request cancelled while still queued is dropped unrun
     * ({@link CancellationException}); once the lock is held it runs to its real result.
     */
    <T> T locked(WorkbenchContext ctx, Supplier<T> body) {
        acquire(ctx, CancelScope.current());
        try {
            return body.get();
        } finally {
            ctx.lock.unlock();
        }
    }

    void locked(WorkbenchContext ctx, Runnable body) {
        locked(ctx, () -> {
            body.run();
            return null;
        });
    }

    static void acquire(WorkbenchContext ctx, CancelToken token) {
        ArrivalOrder.Ticket ticket = CancelScope.takeTicket(ctx.id);
        try {
            if (ticket != null) {
                ticket.awaitTurn(token);
            }
            lock(ctx, token);
        } finally {
            if (ticket != null) {
                ticket.release();
            }
        }
    }

    private static void lock(WorkbenchContext ctx, CancelToken token) {
        if (token.isCancelled()) {
            throw new CancellationException("cancelled before start");
        }
        if (ctx.lock.tryLock()) {
            return;
        }
        Thread me = Thread.currentThread();
        Object guard = new Object();
        boolean[] waiting = {true};
        token.onCancel(() -> {
            synchronized (guard) {
                if (waiting[0]) {
                    me.interrupt();
                }
            }
        });
        try {
            ctx.lock.lockInterruptibly();
        } catch (InterruptedException e) {
            throw new CancellationException("cancelled while queued for the workbench lock");
        } finally {
            synchronized (guard) {
                waiting[0] = false;
                // a cancel that raced with acquisition must not leak an interrupt into the request
                Thread.interrupted();
            }
        }
    }

    void requireNoDraft(WorkbenchContext ctx, Phase phase) {
        if (ctx.draft().isPresent()) {
            throw new TrestleException(ErrorInfo.validation(phase, "draft_exists", "review or discard the Draft first")
                    .withWorkbench(ctx.id));
        }
    }

    void requireNoRun(WorkbenchContext ctx, Phase phase) {
        if (ctx.run() != null) {
            throw new TrestleException(ErrorInfo.validation(phase, "workshop_run_in_progress",
                    "a Workshop run is active").withWorkbench(ctx.id));
        }
    }

    // ---- selection hierarchy (algorithms.md §2) ----

    ModelEntry userDefault() {
        return ports.registry().find(ports.settings().read().userDefaultModelId()).orElse(ports.registry().first());
    }

    ModelEntry workbenchDefault(WorkbenchContext ctx) {
        return ports.registry().find(ctx.info().defaultModelId()).orElseGet(this::userDefault);
    }

    ModelEntry activeModel(WorkbenchContext ctx) {
        return ports.registry().find(ctx.workshop().activeModelId()).orElseGet(() -> workbenchDefault(ctx));
    }

    // ---- clutter (algorithms.md §6) ----

    ClutterState clutter(WorkbenchContext ctx) {
        return tokens.clutter(ctx, contextLimits.window(activeModel(ctx)));
    }

    void emitClutter(WorkbenchContext ctx) {
        emit(new EngineEvent.ClutterChanged(ctx.id, clutter(ctx)));
    }

    void emit(EngineEvent event) {
        try {
            ports.events().emit(event);
        } catch (RuntimeException e) {
            ports.log().warn("event_emit_failed", Map.of("event", event.getClass().getSimpleName(),
                    "exception", e.getClass().getName()));
        }
    }

    // ---- conversation ----

    String messageId(String prefix) {
        return prefix + "-" + ports.ids().newUlid();
    }

    ConversationRecord append(WorkbenchContext ctx, ConversationRecord record) {
        ports.conversation().append(ctx.id, record);
        ctx.appended(record);
        return record;
    }

    ConversationRecord systemEvent(WorkbenchContext ctx, String kind, String text, Map<String, String> metadata) {
        return append(ctx, ConversationRecord.event(messageId("s"), kind, text, ports.clock().now(),
                metadata == null || metadata.isEmpty() ? null : metadata));
    }

    Optional<ModelEntry> model(String id) {
        return ports.registry().find(id);
    }

    void touch(WorkbenchContext ctx) {
        WorkbenchInfo updated = ctx.info().withUpdatedAt(ports.clock().now());
        ports.catalog().save(updated);
        ctx.setInfo(updated);
    }
}
