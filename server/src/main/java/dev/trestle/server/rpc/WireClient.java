package dev.trestle.server.rpc;

import com.google.gson.JsonElement;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageConsumer;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;

/**
 * A client of the engine that keeps the wire JSON: it calls through the typed {@link TrestleProtocol} interface (so a
 * caller names a method as {@code TrestleProtocol::workbenchList}, never as a string) but every future completes with
 * the result's {@link JsonElement} as the engine sent it, whatever the method's declared result type, and each
 * notification reaches {@code notifications} as its wire name and {@link JsonElement} params. Callers must treat the
 * futures as {@code CompletableFuture<?>}; a caller that wants the result records uses {@link TrestleLauncher#client}.
 *
 * <p>Why a second client: a short-lived client (the CLI, one JVM per command) turns every result back into JSON, and
 * the typed launcher costs it about 150 ms of CPU per start that this one does not spend: LSP4J's proxy reads the
 * annotations of all protocol methods, its endpoint scans {@link TrestleClient} and loads every notification record,
 * the method table loads every result record, and Gson builds a reflective adapter for each result it parses
 * ({@code docs/performance.md}, "CLI start"). Here only the called method's annotation is read, and no protocol
 * record is loaded. Same framing ({@link TrestleLauncher.FramedMessageProducer}) and wire Gson as the engine.
 */
public final class WireClient {
    private WireClient() {
    }

    /**
     * A launcher whose proxy sends requests and notifications by the called method's {@code @JsonRequest} or
     * {@code @JsonNotification} name; incoming notifications go to {@code notifications.notify(name, params)}, and
     * requests from the engine (it sends none) are refused by {@code notifications.request}.
     */
    public static Launcher<TrestleProtocol> launcher(Endpoint notifications, InputStream in, OutputStream out,
                                                     ExecutorService readerExecutor) {
        return new Builder(notifications)
                .setLocalService(notifications)
                .setRemoteInterface(TrestleProtocol.class)
                .setInput(in)
                .setOutput(out)
                .setExecutorService(readerExecutor)
                .configureGson(WireJson::configure)
                .create();
    }

    /** The wire name of a protocol interface method: its {@code @JsonRequest} or {@code @JsonNotification} value. */
    public static String wireName(Method m) {
        JsonRequest request = m.getAnnotation(JsonRequest.class);
        if (request != null) {
            return request.value().isEmpty() ? m.getName() : request.value();
        }
        JsonNotification notification = m.getAnnotation(JsonNotification.class);
        if (notification != null) {
            return notification.value().isEmpty() ? m.getName() : notification.value();
        }
        return m.getName();
    }

    private static final class Builder extends TrestleLauncher.FramedBuilder<TrestleProtocol> {
        private final Endpoint local;

        Builder(Endpoint local) {
            super(TrestleLauncher.SILENT);
            this.local = local;
        }

        @Override
        protected Map<String, JsonRpcMethod> getSupportedMethods() {
            return AnyMethod.INSTANCE;
        }

        @Override
        protected RemoteEndpoint createRemoteEndpoint(MessageJsonHandler jsonHandler) {
            MessageConsumer outgoing = wrapMessageConsumer(new StreamMessageConsumer(output, jsonHandler));
            setOutgoing(outgoing);
            RemoteEndpoint remote = new RemoteEndpoint(outgoing, local);
            jsonHandler.setMethodProvider(remote);
            remote.setJsonHandler(jsonHandler);
            return remote;
        }

        @Override
        protected TrestleProtocol createProxy(RemoteEndpoint remote) {
            Map<Method, String> names = new ConcurrentHashMap<>();
            return (TrestleProtocol) Proxy.newProxyInstance(TrestleProtocol.class.getClassLoader(),
                    new Class<?>[] {TrestleProtocol.class}, (proxy, m, args) -> {
                        if (m.getDeclaringClass() == Object.class) {
                            return switch (m.getName()) {
                                case "equals" -> proxy == args[0];
                                case "hashCode" -> System.identityHashCode(proxy);
                                default -> "WireClient proxy";
                            };
                        }
                        String name = names.computeIfAbsent(m, WireClient::wireName);
                        Object params = args == null || args.length == 0 ? null : args[0];
                        if (m.getReturnType() == void.class) {
                            remote.notify(name, params);
                            return null;
                        }
                        return remote.request(name, params);
                    });
        }
    }

    /**
     * LSP4J's method table for this client: every name takes and answers a plain {@link JsonElement} (LSP4J parses a
     * result or params only for a method it knows; without an entry a result would arrive as {@code null}).
     */
    static final class AnyMethod extends AbstractMap<String, JsonRpcMethod> {
        static final AnyMethod INSTANCE = new AnyMethod();

        @Override
        public JsonRpcMethod get(Object method) {
            return method instanceof String name ? JsonRpcMethod.request(name, JsonElement.class, JsonElement.class)
                    : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String;
        }

        @Override
        public Set<Map.Entry<String, JsonRpcMethod>> entrySet() {
            return Set.of();
        }
    }
}
