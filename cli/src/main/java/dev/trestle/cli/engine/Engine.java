package dev.trestle.cli.engine;

import com.google.gson.JsonObject;
import dev.trestle.server.rpc.RpcMethod;
import dev.trestle.cli.base.CliException;

/** What commands need from a running engine: request/response by method name, and its notifications. */
public interface Engine {
    /**
     * Sends one request and waits for its answer.
     *
     * @return the result object ({@code {}} for a {@code null} or non-object result)
     * @throws EngineCallException the engine answered with an error
     * @throws CliException the engine died or the connection broke
     */
    JsonObject call(String method, JsonObject params) throws EngineCallException, CliException;

    /** As {@link #call(String, JsonObject)} for a method of the protocol's table: how commands call the engine. */
    default JsonObject call(RpcMethod method, JsonObject params) throws EngineCallException, CliException {
        return call(method.wireName(), params);
    }

    /** Replaces the listener that receives notifications from now on. */
    void onNotification(NotificationListener listener);
}
