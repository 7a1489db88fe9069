package dev.trestle.domain.service;

import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.EgressPolicy;
import dev.trestle.domain.model.EgressReceipt;
import dev.trestle.domain.model.Endpoint;
import dev.trestle.domain.model.ErrorAction;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.ExchangeResult;
import dev.trestle.domain.model.ObservedContextLimits;
import dev.trestle.domain.model.ProviderEndpoint;
import dev.trestle.domain.model.ProviderProblem;
import dev.trestle.domain.model.RetryBudget;
import dev.trestle.domain.model.RetrySchedule;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.out.EndpointConfigPort;
import dev.trestle.domain.port.out.ModelTransportPort;
import dev.trestle.domain.port.out.SleeperPort;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one logical provider call under the retry policy of {@code errors.md} §5 and maps every failure to the
 * {@link ErrorInfo} of {@code errors.md} §4. Before every attempt and redirect hop it runs the caller's guard
 * (readiness, consent) and the egress policy against the provider's effective endpoint; it follows at most
 * {@value EgressPolicy#MAX_REDIRECTS} redirects, each only to an allowed location, and retries only the rows marked
 * "yes" while no delta has been emitted.
 */
public final class ModelCallService {
    private final ModelTransportPort transport;
    private final EndpointConfigPort endpoints;
    private final SleeperPort sleeper;
    private final ObservedContextLimits contextLimits;

    public ModelCallService(ModelTransportPort transport, EndpointConfigPort endpoints, SleeperPort sleeper) {
        this(transport, endpoints, sleeper, new ObservedContextLimits());
    }

    /** {@code contextLimits} learns every context window a vendor states in an overflow answer. */
    public ModelCallService(ModelTransportPort transport, EndpointConfigPort endpoints, SleeperPort sleeper,
                            ObservedContextLimits contextLimits) {
        this.transport = Objects.requireNonNull(transport);
        this.endpoints = Objects.requireNonNull(endpoints);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.contextLimits = Objects.requireNonNull(contextLimits);
    }

    /** Runs {@code call}; deltas go to {@code deltas} as they arrive. Never throws for provider failures. */
    public ModelCallOutcome run(ModelCall call, ModelTransportPort.DeltaListener deltas, CancelToken cancel) {
        return run(call, deltas, cancel, RetryBudget.perAction());
    }

    /**
     * As {@link #run(ModelCall, ModelTransportPort.DeltaListener, CancelToken)}, spending retries from {@code budget}:
     * a user action that makes several calls passes the same budget to each ({@code errors.md} §5).
     */
    public ModelCallOutcome run(ModelCall call, ModelTransportPort.DeltaListener deltas, CancelToken cancel,
                                RetryBudget budget) {
        CancelToken token = cancel == null ? CancelToken.NONE : cancel;
        AtomicBoolean emitted = new AtomicBoolean();
        ModelTransportPort.DeltaListener listener = text -> {
            emitted.set(true);
            if (deltas != null) {
                deltas.onDelta(text);
            }
        };
        int requests = 0;
        while (true) {
            Endpoint redirectTarget = null;
            int hops = 0;
            ExchangeResult result;
            while (true) {
                if (token.isCancelled()) {
                    return ModelCallOutcome.failure(canceled(call), requests, false, emitted.get());
                }
                try {
                    call.guard().check();
                } catch (TrestleException e) {
                    return ModelCallOutcome.failure(e.info(), requests, false, emitted.get());
                }
                ProviderEndpoint effective = endpoints.effective(call.provider());
                Endpoint target = redirectTarget != null ? redirectTarget : targetOf(effective, call);
                Optional<String> violation = target == null ? Optional.of("invalid endpoint")
                        : EgressPolicy.violation(effective, target);
                if (violation.isPresent()) {
                    return blocked(call, violation.get(), requests, emitted.get());
                }
                Wire wire = new Wire();
                result = transport.exchange(
                        new ModelTransportPort.Call(effective, target, call.kind(), call.apiKey(), call.chat(), wire),
                        listener, token);
                if (result instanceof ExchangeResult.Blocked b) {
                    return blocked(call, b.reason(), requests, emitted.get());
                }
                requests++;
                receipt(call, target, wire, result);
                if (result instanceof ExchangeResult.Redirect r) {
                    hops++;
                    if (hops > EgressPolicy.MAX_REDIRECTS) {
                        return blocked(call, "redirect limit", requests, emitted.get());
                    }
                    if (r.location() == null) {
                        return blocked(call, "redirect without location", requests, emitted.get());
                    }
                    redirectTarget = r.location();
                    continue;
                }
                break;
            }
            if (result instanceof ExchangeResult.Completed c) {
                return ModelCallOutcome.success(c.inputTokens(), c.outputTokens(), requests, emitted.get());
            }
            if (result instanceof ExchangeResult.Cancelled) {
                return ModelCallOutcome.failure(canceled(call), requests, false, emitted.get());
            }
            Failure f = classify(call, result);
            boolean idempotent = call.kind() == ModelTransportPort.Kind.VALIDATE || !emitted.get();
            Duration retryAfter = result instanceof ExchangeResult.HttpError h ? h.retryAfter() : null;
            ErrorInfo error = f.error;
            if (error.errorCode() == ErrorCode.CONTEXT_EXHAUSTED) {
                contextLimits.observe(call.modelId(), error.tokensLimit());
            }
            if (retryAfter != null && error.retryable()) {
                error = error.withRetryAfterSeconds(ceilSeconds(retryAfter));
            }
            if (!f.autoRetry || !idempotent) {
                return ModelCallOutcome.failure(error, requests, false, emitted.get());
            }
            Optional<Duration> delay = RetrySchedule.delayBefore(budget.nextRetry(), retryAfter);
            if (delay.isEmpty() || !budget.take()) {
                return ModelCallOutcome.failure(error, requests, false, emitted.get());
            }
            if (!sleeper.sleep(delay.get(), token) || token.isCancelled()) {
                return ModelCallOutcome.failure(canceled(call), requests, false, emitted.get());
            }
        }
    }

    /** What the transport reported of one exchange, for its receipt. */
    private static final class Wire implements ModelTransportPort.ExchangeObserver {
        private String bodySha256;
        private long bodyBytes;
        private Integer status;

        @Override
        public void requestBody(String sha256Hex, long bytes) {
            bodySha256 = sha256Hex;
            bodyBytes = bytes;
        }

        @Override
        public void responseStatus(int value) {
            status = value;
        }
    }

    /** The receipt of one request the transport did not refuse ({@code docs/protocol.md}, egress receipts). */
    private static void receipt(ModelCall call, Endpoint target, Wire wire, ExchangeResult result) {
        String outcome;
        Long in = null;
        Long out = null;
        if (result instanceof ExchangeResult.Completed c) {
            outcome = "ok";
            in = c.inputTokens() >= 0 ? c.inputTokens() : null;
            out = c.outputTokens() >= 0 ? c.outputTokens() : null;
        } else if (result instanceof ExchangeResult.Redirect) {
            outcome = "redirect";
        } else if (result instanceof ExchangeResult.Cancelled) {
            outcome = ErrorCode.USER_CANCELED.name();
        } else {
            outcome = classify(call, result).error.errorCode().name();
        }
        call.receipts().accept(new EgressReceipt(null, call.provider().id(), call.modelId(), target.hostLabel(),
                call.scopeHash(), call.kind() == ModelTransportPort.Kind.CHAT ? "chat" : "validate",
                call.chat() == null ? List.of() : call.chat().files(), wire.bodySha256, wire.bodyBytes, wire.status,
                in, out, outcome, call.chat() == null ? null : call.chat().tokens(),
                call.chat() == null || !call.chat().tokensExact()));
    }

    private static Endpoint targetOf(ProviderEndpoint effective, ModelCall call) {
        return effective.isValid() ? effective.target(call.path()) : null;
    }

    private static long ceilSeconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }

    private static ModelCallOutcome blocked(ModelCall call, String reason, int requests, boolean delta) {
        ErrorInfo info = EgressPolicy.blocked(call.phase(), call.subphase(), call.provider(), call.modelId(), reason);
        return ModelCallOutcome.failure(info, requests, true, delta);
    }

    private static ErrorInfo canceled(ModelCall call) {
        return base(call, ErrorCode.USER_CANCELED);
    }

    private static ErrorInfo base(ModelCall call, ErrorCode code) {
        return ErrorInfo.of(code, call.phase()).withSubphase(call.subphase()).withProvider(call.provider().id())
                .withModel(call.modelId());
    }

    private record Failure(ErrorInfo error, boolean autoRetry) {
    }

    /** The {@code errors.md} §4 table, refined by what the vendor's body says ({@code docs/providers.md}). */
    static Failure classify(ModelCall call, ExchangeResult result) {
        if (result instanceof ExchangeResult.HttpError h) {
            return classifyHttp(call, h);
        }
        if (result instanceof ExchangeResult.StreamError e) {
            return classifyStream(call, e);
        }
        if (result instanceof ExchangeResult.NetworkError n) {
            ErrorInfo e = base(call, ErrorCode.NETWORK_UNAVAILABLE)
                    .withDetail(n.failure().name().toLowerCase(Locale.ROOT));
            if (n.afterDelta()) {
                return new Failure(e.withActions(List.of(ErrorAction.RETRY)), false);
            }
            return switch (n.failure()) {
                case CONNECT_TIMEOUT, FIRST_BYTE_TIMEOUT -> new Failure(e, true);
                case TLS -> new Failure(e.withRetryable(false).withActions(List.of(ErrorAction.RETRY)), false);
                case DNS, REFUSED, RESET, NO_ROUTE, STREAM_BROKEN, STREAM_SILENT ->
                        new Failure(e.withActions(List.of(ErrorAction.RETRY)), true);
            };
        }
        if (result instanceof ExchangeResult.ProtocolError) {
            return new Failure(base(call, ErrorCode.PROVIDER_UNAVAILABLE).withDetail("protocol_error"), false);
        }
        return new Failure(base(call, ErrorCode.PROVIDER_UNAVAILABLE).withDetail("unexpected_result"), false);
    }

    /** Rows that depend only on what the vendor said, whatever status carried it; null when the status decides. */
    private static Failure classifyProblem(ModelCall call, ProviderProblem p, String detail) {
        return switch (p.kind()) {
            case CONTEXT_EXHAUSTED -> new Failure(base(call, ErrorCode.CONTEXT_EXHAUSTED).withDetail(detail)
                    .withTokens(p.tokensRequested(), p.tokensLimit()), false);
            case QUOTA_EXCEEDED -> new Failure(base(call, ErrorCode.PROVIDER_QUOTA_EXCEEDED).withDetail(detail), false);
            case AUTH_FAILED -> new Failure(base(call, ErrorCode.PROVIDER_AUTH_FAILED).withDetail(detail), false);
            case MODEL_NOT_FOUND -> modelNotServed(call, detail);
            case RATE_LIMITED, OVERLOADED, UNSPECIFIED -> null;
        };
    }

    private static Failure modelNotServed(ModelCall call, String detail) {
        return new Failure(base(call, ErrorCode.PROVIDER_UNAVAILABLE).withRetryable(false)
                .withActions(List.of(ErrorAction.SWITCH_MODEL)).withDetail(detail), false);
    }

    private static Failure classifyStream(ModelCall call, ExchangeResult.StreamError e) {
        String detail = "stream_error";
        Failure byProblem = classifyProblem(call, e.problem(), detail);
        if (byProblem != null) {
            return byProblem;
        }
        return switch (e.problem().kind()) {
            // the same as a 429 / 529 answer; retried only while nothing reached the caller
            case RATE_LIMITED -> new Failure(base(call, ErrorCode.PROVIDER_RATE_LIMITED).withDetail(detail),
                    !e.afterDelta());
            case OVERLOADED -> new Failure(base(call, ErrorCode.PROVIDER_UNAVAILABLE).withDetail(detail),
                    !e.afterDelta());
            default -> new Failure(base(call, ErrorCode.PROVIDER_UNAVAILABLE).withDetail(detail), false);
        };
    }

    private static Failure classifyHttp(ModelCall call, ExchangeResult.HttpError h) {
        int s = h.status();
        String detail = "HTTP " + s;
        Failure byProblem = classifyProblem(call, h.problem(), detail);
        if (byProblem != null) {
            return byProblem;
        }
        if (s == 401 || s == 403) {
            return new Failure(base(call, ErrorCode.PROVIDER_AUTH_FAILED).withDetail(detail), false);
        }
        if (s == 429 || h.problem().kind() == ProviderProblem.Kind.RATE_LIMITED) {
            return new Failure(base(call, ErrorCode.PROVIDER_RATE_LIMITED).withDetail(detail), true);
        }
        if (s == 500 || s == 502 || s == 503 || s == 504 || s == 529
                || h.problem().kind() == ProviderProblem.Kind.OVERLOADED) {
            return new Failure(base(call, ErrorCode.PROVIDER_UNAVAILABLE).withDetail(detail), true);
        }
        if (s == 404) {
            return modelNotServed(call, detail);
        }
        if (s == 413) {
            return new Failure(base(call, ErrorCode.CONTEXT_EXHAUSTED).withDetail(detail), false);
        }
        if (s >= 400 && s < 500) {
            ErrorInfo v = ErrorInfo.validation(call.phase(), "provider_rejected_request", detail)
                    .withSubphase(call.subphase()).withProvider(call.provider().id()).withModel(call.modelId());
            return new Failure(v, false);
        }
        // other 5xx and unexpected statuses: a bad response, not retried automatically
        return new Failure(base(call, ErrorCode.PROVIDER_UNAVAILABLE).withDetail(detail), false);
    }
}
