package dev.trestle.server.rpc;

import com.google.gson.Gson;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.InvalidInputException;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.RequestContext;
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
 * <li>{@link TrestleException} → {@code -32000}, message = code (and detail), data = the {@code ErrorInfo} the
 * request answers in {@code snake_case}: {@link RequestContext#answer} gives it the request's phase and default subphase
 * (decided once, by the method table: {@link RpcMethod#context}); this class only writes it.
 * <li>{@link InvalidInputException} (a typed id, a command or {@link Params} refusing the input) → the same, as the
 * {@code VALIDATION_FAILED} it stands for.
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

    /** What the future of request {@code rq} (of {@code method}) completes exceptionally with. */
    public Throwable toRpc(RpcMethod method, RequestContext rq, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof CancellationException || cause instanceof ResponseErrorException) {
            return cause;
        }
        if (cause instanceof TrestleException te) {
            return new ResponseErrorException(responseError(rq.answer(te.info())));
        }
        if (cause instanceof InvalidInputException refused) {
            return new ResponseErrorException(responseError(rq.answer(refused)));
        }
        return new ResponseErrorException(internal(method, cause));
    }

    /** The {@code -32000} error carrying {@code info} as it is. */
    public static ResponseError responseError(ErrorInfo info) {
        String message = info.detail() == null ? info.errorCode().name()
                : info.errorCode().name() + ": " + info.detail();
        return new ResponseError(APPLICATION_ERROR, message, GSON.toJsonTree(WireMapper.error(info)));
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
            return responseError(te.info());
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
