package dev.trestle.server.rpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.trestle.domain.model.ArrivalOrder;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.port.out.EngineLogPort;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * Runs each request off the reader thread: binds params, calls the use case with the request's
 * {@link RequestContext} (its cancel token, its arrival ticket, its phase), and completes the request future with the
 * result or the mapped error. Notifications the use case emits are written synchronously on
 * this worker thread, so they precede the response on the wire.
 */
final class RequestRunner {
    /** The body of one request. */
    @FunctionalInterface
    interface Body<T> {
        T apply(Params params, RequestContext request);
    }

    private final ExecutorService executor;
    private final String client;
    private final ErrorMapper errors;
    private final EngineLogPort log;
    private final ArrivalOrder arrivals = new ArrivalOrder();

    RequestRunner(ExecutorService executor, ErrorMapper errors, EngineLogPort log, String client) {
        this.client = client;
        this.executor = executor;
        this.errors = errors;
        this.log = log;
    }

    <T> CompletableFuture<T> run(RpcMethod method, JsonObject json, Body<T> body) {
        RequestCancelToken token = new RequestCancelToken();
        RequestFuture<T> future = new RequestFuture<>(token);
        Params params = new Params(json);
        // admitted here, on the reader thread, so the ticket order is the wire order
        ArrivalOrder.Ticket ticket = admit(method, json);
        RequestContext request = method.context(token, ticket, client);
        try {
            executor.execute(() -> execute(method, params, request, future, body));
        } catch (RejectedExecutionException e) {
            request.release();
            future.completeExceptionally(shuttingDown());
        }
        return future;
    }

    private ArrivalOrder.Ticket admit(RpcMethod method, JsonObject json) {
        if (!method.ordered() || json == null) {
            return null;
        }
        JsonElement id = json.get("workbench_id");
        if (id == null || !id.isJsonPrimitive() || !id.getAsJsonPrimitive().isString()) {
            return null;
        }
        return arrivals.admit(id.getAsString());
    }

    static ResponseErrorException shuttingDown() {
        return new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidRequest,
                "The engine is shutting down", null));
    }

    private <T> void execute(RpcMethod method, Params params, RequestContext request, RequestFuture<T> future,
                             Body<T> body) {
        long start = System.nanoTime();
        String outcome = "ok";
        try {
            T result;
            try {
                result = body.apply(params, request);
            } finally {
                request.release();
            }
            future.complete(result);
        } catch (Throwable failure) {
            Throwable mapped = errors.toRpc(method, request, failure);
            outcome = outcome(mapped);
            future.completeExceptionally(mapped);
            if (failure instanceof VirtualMachineError vme) {
                throw vme;
            }
        } finally {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("method", method.wireName());
            fields.put("duration_ms", (System.nanoTime() - start) / 1_000_000);
            fields.put("outcome", outcome);
            try {
                // changes and failures at INFO (errors.md §6: method names, durations, codes); hot queries at DEBUG
                if (method.ordered() || !"ok".equals(outcome)) {
                    log.info("rpc_request", fields);
                } else {
                    log.debug("rpc_request", fields);
                }
            } catch (RuntimeException ignored) {
                // never let logging break a request
            }
        }
    }

    private static String outcome(Throwable mapped) {
        if (mapped instanceof ResponseErrorException r) {
            ResponseError e = r.getResponseError();
            if (e.getData() instanceof com.google.gson.JsonObject data && data.has("error_code")) {
                return data.get("error_code").getAsString();
            }
            return String.valueOf(e.getCode());
        }
        return "cancelled";
    }
}
