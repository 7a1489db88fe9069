package dev.trestle.cli.engine;

import com.google.gson.JsonObject;

/**
 * Receives the engine's notifications ({@code rpc.md} §4). Called on the connection's reader thread, in arrival
 * order and before the response of the request that caused them; implementations must not block.
 */
@FunctionalInterface
public interface NotificationListener {
    /** Ignores every notification. */
    NotificationListener NONE = (method, params) -> { };

    void onNotification(String method, JsonObject params);
}
