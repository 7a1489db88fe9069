package dev.trestle.cli.engine;

import com.google.gson.JsonObject;
import dev.trestle.cli.base.CliException;
import dev.trestle.server.rpc.TrestleProtocol;
import dev.trestle.server.rpc.WireClient;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;

/**
 * What commands need from a running engine: requests through the typed {@link TrestleProtocol} (the server's protocol
 * interface is the one list of methods, so a command names a method as {@code TrestleProtocol::workbenchCreate},
 * never as a string), and the engine's notifications.
 */
public interface Engine {
    /**
     * Sends one request and waits for its answer.
     *
     * @param method a reference to one {@link TrestleProtocol} method, e.g. {@code TrestleProtocol::workbenchList}
     * @return the result as its wire JSON object ({@code {}} for a {@code null} or non-object result)
     * @throws EngineCallException the engine answered with an error
     * @throws CliException the engine died or the connection broke
     */
    JsonObject call(Request method, JsonObject params) throws EngineCallException, CliException;

    /** Replaces the listener that receives notifications from now on. */
    void onNotification(NotificationListener listener);

    /** One request of the protocol: a reference to a {@link TrestleProtocol} method taking the params object. */
    @FunctionalInterface
    interface Request {
        CompletableFuture<?> send(TrestleProtocol engine, JsonObject params);

        /**
         * The method's name on the wire, read from its {@code @JsonRequest}. The reference is applied to a proxy that
         * only records which method was called, so nothing is sent.
         */
        default String wireName() {
            String[] name = {null};
            TrestleProtocol recorder = (TrestleProtocol) Proxy.newProxyInstance(TrestleProtocol.class.getClassLoader(),
                    new Class<?>[] {TrestleProtocol.class}, (proxy, m, args) -> {
                        if (m.getDeclaringClass() == Object.class) {
                            return m.getName().equals("equals") ? proxy == args[0]
                                    : m.getName().equals("hashCode") ? System.identityHashCode(proxy) : "recorder";
                        }
                        name[0] = WireClient.wireName(m);
                        return m.getReturnType() == void.class ? null : new CompletableFuture<>();
                    });
            send(recorder, new JsonObject());
            if (name[0] == null) {
                throw new IllegalStateException("a Request must call one TrestleProtocol method");
            }
            return name[0];
        }
    }
}
