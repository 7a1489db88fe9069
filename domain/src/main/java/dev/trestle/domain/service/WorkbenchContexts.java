package dev.trestle.domain.service;

import dev.trestle.domain.model.ArrivalOrder;
import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.WorkbenchId;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.out.ConversationPort;
import dev.trestle.domain.port.out.DraftStorePort;
import dev.trestle.domain.port.out.PublishedFilesPort;
import dev.trestle.domain.port.out.WorkbenchCatalogPort;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The open Workbenches' in-memory {@link WorkbenchContext}s and the one way to hold a Workbench's lock,
 * {@link #withWorkbench}. Loaded lazily from the catalog, Published manifest, conversation and Draft ports.
 */
public final class WorkbenchContexts {
    private final WorkbenchCatalogPort catalog;
    private final PublishedFilesPort published;
    private final ConversationPort conversation;
    private final DraftStorePort drafts;
    private final ToLongFunction<List<String>> countMessages;
    private final ConcurrentHashMap<String, WorkbenchContext> contexts = new ConcurrentHashMap<>();
    /** One monitor per Workbench being loaded: a slow first load never blocks another Workbench's. */
    private final ConcurrentHashMap<String, Object> loading = new ConcurrentHashMap<>();

    /**
     * {@code countMessages}: the local token count of some messages as a request carries them
     * ({@link TokenAccounting#conversationTokens(List)}), asked when a context's clutter is first wanted, never on load.
     */
    public WorkbenchContexts(WorkbenchCatalogPort catalog, PublishedFilesPort published, ConversationPort conversation,
                             DraftStorePort drafts, ToLongFunction<List<String>> countMessages) {
        this.catalog = catalog;
        this.published = published;
        this.conversation = conversation;
        this.drafts = drafts;
        this.countMessages = countMessages;
    }

    /** The context of an existing Workbench; {@code unknown_workbench} otherwise (the id's form is its type's). */
    WorkbenchContext context(RequestContext rq, WorkbenchId workbench) {
        String workbenchId = workbench.value();
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
                WorkbenchInfo info = catalog.load(workbenchId).orElseThrow(() -> new TrestleException(
                        rq.validation("unknown_workbench", "no such workbench")));
                WorkshopState state = catalog.loadWorkshopState(workbenchId).orElse(new WorkshopState(null, null));
                WorkbenchContext ctx = new WorkbenchContext(workbenchId, info, state, published.manifest(workbenchId),
                        conversation.read(workbenchId), drafts.draft(workbenchId), countMessages);
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

    /** Looks the Workbench up, then runs {@code body} holding its lock (see {@link #withWorkbench(RequestContext,
     * WorkbenchContext, Function)}). */
    <T> T withWorkbench(RequestContext rq, WorkbenchId workbench, Function<WorkbenchContext, T> body) {
        return withWorkbench(rq, context(rq, workbench), body);
    }

    /**
     * Runs {@code body} holding the Workbench lock, after every earlier request admitted for this Workbench
     * ({@code docs/spec/rpc.md} §1). A request cancelled while still queued is dropped unrun
     * ({@link CancellationException}); once the lock is held it runs to its real result.
     */
    <T> T withWorkbench(RequestContext rq, WorkbenchContext ctx, Function<WorkbenchContext, T> body) {
        acquire(ctx, rq);
        try {
            return body.apply(ctx);
        } finally {
            ctx.lock.unlock();
        }
    }

    void withWorkbench(RequestContext rq, WorkbenchContext ctx, Consumer<WorkbenchContext> body) {
        withWorkbench(rq, ctx, c -> {
            body.accept(c);
            return null;
        });
    }

    private static void acquire(WorkbenchContext ctx, RequestContext rq) {
        ArrivalOrder.Ticket ticket = rq.takeTicket(ctx.id);
        try {
            if (ticket != null) {
                ticket.awaitTurn(rq.cancel());
            }
            lock(ctx, rq.cancel());
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

    /**
     * Records a change to the Workbench ({@code updated_at}) after the change has committed; lock held. Best effort: a
     * failure (a full disk) never turns the committed change into an error; {@code updated_at} keeps its old value.
     */
    void touch(WorkbenchContext ctx, Instant now) {
        WorkbenchInfo updated = ctx.info().withUpdatedAt(now);
        try {
            catalog.save(updated);
            ctx.setInfo(updated);
        } catch (TrestleException e) {
            // informational field; the change itself stands (FullDiskWorkshopTest)
        }
    }

    /** Saves and caches the Workshop state; lock held. */
    void saveWorkshop(WorkbenchContext ctx, WorkshopState state) {
        catalog.saveWorkshopState(ctx.id, state);
        ctx.setWorkshop(state);
    }

    static void requireNoDraft(RequestContext rq, WorkbenchContext ctx) {
        if (ctx.draft().isPresent()) {
            throw new TrestleException(rq.validation("draft_exists", "review or discard the Draft first")
                    .withWorkbench(ctx.id));
        }
    }

    static void requireNoRun(RequestContext rq, WorkbenchContext ctx) {
        if (ctx.run() != null) {
            throw new TrestleException(rq.validation("workshop_run_in_progress", "a Workshop run is active")
                    .withWorkbench(ctx.id));
        }
    }
}
