package dev.trestle.server.rpc;

import com.google.gson.Gson;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.out.EngineLogPort;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * The one mapping from failures to JSON-RPC errors.
 * <ul>
 * <li>{@link TrestleException} → {@code -32000}, message = code (and detail), data = its {@code ErrorInfo} in
 * {@code snake_case}, re-phased for the method ({@code docs/spec/errors.md} §3, from {@link RpcMethod}) and given
 * the method's subphase if it had none.
 * <li>{@link CancellationException} stays as is: LSP4J answers it {@code -32800 RequestCancelled}.
 * <li>Anything else is a programming error: logged (class and top frame only, never its message, which may echo
 * input) and answered {@code -32000} with {@code error_code "INTERNAL_ERROR"}, {@code retryable false}, no actions,
 * detail {@code internal_error} (decision: no spec code fits a bug; {@code FILE_*} and {@code VALIDATION_FAILED} would
 * mislead clients). No stack trace ever reaches the wire.
 * </ul>
 */
public final class ErrorMapper {
    /** JSON-RPC code of every application error. */
    public static final int APPLICATION_ERROR = -32000;
    /** {@code error_code} of unexpected failures (not in the spec's table; clients show a generic message). */
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private static final Gson GSON = WireJson.gson();

    private final EngineLogPort log;

    public ErrorMapper(EngineLogPort log) {
        this.log = log;
    }

    /** What a request future of {@code method} completes exceptionally with. */
    public Throwable toRpc(RpcMethod method, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof CancellationException || cause instanceof ResponseErrorException) {
            return cause;
        }
        if (cause instanceof TrestleException te) {
            return new ResponseErrorException(responseError(method, te.info()));
        }
        return new ResponseErrorException(internal(method, cause));
    }

    /** The {@code -32000} error for an {@code ErrorInfo} raised by {@code method}. */
    public static ResponseError responseError(RpcMethod method, ErrorInfo info) {
        // adapters raise their errors below the request and do not know its method: the table decides the phase
        ErrorInfo phased = info.withPhase(method.phase());
        String subphase = method.subphase();
        if (phased.subphase() == null && subphase != null) {
            phased = phased.withSubphase(subphase);
        }
        String message = phased.detail() == null ? phased.errorCode().name()
                : phased.errorCode().name() + ": " + phased.detail();
        return new ResponseError(APPLICATION_ERROR, message, GSON.toJsonTree(WireMapper.error(phased)));
    }

    /** Logs an unexpected failure and returns its structured error. */
    public ResponseError internal(RpcMethod method, Throwable cause) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("method", method == null ? null : method.wireName());
        fields.put("exception", cause.getClass().getName());
        StackTraceElement[] trace = cause.getStackTrace();
        if (trace.length > 0) {
            fields.put("at", trace[0].toString());
        }
        try {
            log.warn("rpc_internal_error", fields);
        } catch (RuntimeException ignored) {
            // logging must never turn an answer into a crash
        }
        Phase phase = method == null ? Phase.SETTINGS : method.phase();
        WireTypes.ErrorData data = new WireTypes.ErrorData(INTERNAL_ERROR, phase.wire(), false, List.of(), null, null,
                null, null, null, null, null, "internal_error", null);
        return new ResponseError(APPLICATION_ERROR, "Internal error (see engine.log)", GSON.toJsonTree(data));
    }

    /**
     * LSP4J's last-resort handler (failures outside our request futures): keeps its own JSON-RPC errors, maps the
     * rest like {@link #toRpc} without a method.
     */
    public ResponseError handle(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ResponseErrorException r) {
            return r.getResponseError();
        }
        if (cause instanceof TrestleException te) {
            ErrorInfo info = te.info();
            String message = info.detail() == null ? info.errorCode().name()
                    : info.errorCode().name() + ": " + info.detail();
            return new ResponseError(APPLICATION_ERROR, message, GSON.toJsonTree(WireMapper.error(info)));
        }
        if (cause instanceof CancellationException) {
            return new ResponseError(ResponseErrorCode.RequestCancelled, "Request cancelled", null);
        }
        return internal(null, cause);
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException
                || c instanceof InvocationTargetException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
