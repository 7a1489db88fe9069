package dev.trestle.domain.model;

import java.util.Objects;

/**
 * One request as the domain sees it, passed explicitly to every use case: its cancellation token, its place in its
 * Workbench's arrival line ({@link ArrivalOrder}, may be absent) and the error phase and default subphase the
 * protocol's method table assigns to it ({@code docs/spec/errors.md} §3). The phase is decided once, by whoever builds
 * the context (the RPC edge from the method table, a test directly): services build their errors with
 * {@link #validation} and {@link #error}, and {@link #answer} is the one place that gives the request's phase to what
 * was raised without it — an adapter behind an out-port (it serves many methods and cannot know which one called) or
 * a typed id or command refusing its input ({@link InvalidInputException}) before the request's state is read.
 *
 * <p>{@link #client()} names the client session the request came from (one per connection when several clients share
 * the engine): a session consent belongs to it ({@code docs/protocol.md} "Many clients").
 *
 * <p>A request still queued for its Workbench lock is dropped when {@link #cancel()} fires
 * ({@code docs/spec/rpc.md} §1 "Cancellation"); once it holds the lock it runs to its real result.
 */
public final class RequestContext {
    /** The client of requests that name none (a single-client engine, tests, internal work). */
    public static final String LOCAL_CLIENT = "local";

    private final CancelToken cancel;
    private final Phase phase;
    private final String subphase;
    private final String client;
    private ArrivalOrder.Ticket ticket;

    public RequestContext(CancelToken cancel, ArrivalOrder.Ticket ticket, Phase phase) {
        this(cancel, ticket, phase, LOCAL_CLIENT);
    }

    /** @param client the client session the request came from */
    public RequestContext(CancelToken cancel, ArrivalOrder.Ticket ticket, Phase phase, String client) {
        this(cancel, ticket, phase, null, client);
    }

    /**
     * @param subphase the subphase of an answered error that names none (the method's default; may be null)
     * @param client   the client session the request came from
     */
    public RequestContext(CancelToken cancel, ArrivalOrder.Ticket ticket, Phase phase, String subphase,
                          String client) {
        this.cancel = cancel == null ? CancelToken.NONE : cancel;
        this.ticket = ticket;
        this.phase = Objects.requireNonNull(phase, "phase");
        this.subphase = subphase;
        this.client = Objects.requireNonNull(client, "client");
    }

    /** A request that cannot be cancelled and holds no ticket (tests, internal work). */
    public static RequestContext of(Phase phase) {
        return new RequestContext(CancelToken.NONE, null, phase);
    }

    /** The client session this request came from. */
    public String client() {
        return client;
    }

    public CancelToken cancel() {
        return cancel;
    }

    public Phase phase() {
        return phase;
    }

    /**
     * The same request for work that must finish once started (writing a run's outcome): not cancellable, no ticket.
     */
    public RequestContext uncancellable() {
        return new RequestContext(CancelToken.NONE, null, phase, subphase, client);
    }

    /** This request's ticket for {@code key}, handed out once (later lock waits of the same request skip it). */
    public synchronized ArrivalOrder.Ticket takeTicket(String key) {
        ArrivalOrder.Ticket t = ticket;
        if (t == null || !t.key().equals(key)) {
            return null;
        }
        ticket = null;
        return t;
    }

    /** Gives up the ticket if no lock wait took it; called once the request ends. Idempotent. */
    public void release() {
        ArrivalOrder.Ticket t;
        synchronized (this) {
            t = ticket;
            ticket = null;
        }
        if (t != null) {
            t.release();
        }
    }

    /** A {@code VALIDATION_FAILED} in this request's phase. */
    public ErrorInfo validation(String token, String message) {
        return ErrorInfo.validation(phase, token, message);
    }

    /** An error of {@code code} in this request's phase. */
    public ErrorInfo error(ErrorCode code) {
        return ErrorInfo.of(code, phase);
    }

    /**
     * What this request answers for a failure raised while serving it: in this request's phase, with the method's
     * default subphase unless the failure named its own ({@code docs/spec/errors.md} §3).
     */
    public ErrorInfo answer(ErrorInfo raised) {
        ErrorInfo phased = raised.phase() == phase ? raised : raised.withPhase(phase);
        return subphase == null ? phased : phased.orSubphase(subphase);
    }

    /** What this request answers for input a typed value or command refused. */
    public ErrorInfo answer(InvalidInputException refused) {
        return answer(refused.info(phase));
    }
}
