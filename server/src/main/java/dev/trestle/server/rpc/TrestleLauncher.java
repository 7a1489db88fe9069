package dev.trestle.server.rpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.trestle.domain.model.InvalidInputException;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.port.out.EngineLogPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.json.ConcurrentMessageProcessor;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.json.MessageConstants;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageConsumer;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageProducer;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;

/**
 * Builds LSP4J launchers with Trestle's framing rules, for the engine and for protocol clients (CLI, tests).
 * <ul>
 * <li>A frame is read whole before it is parsed, so a broken frame never desynchronises the stream.</li>
 * <li>A frame whose {@code Content-Length} exceeds {@link #MAX_FRAME_BYTES} is skipped unread and answered
 * {@code -32600} with id {@code null}; a body that is not strict JSON is answered {@code -32700} with id {@code null}.
 * Either way the engine keeps serving.</li>
 * <li>Every parseable request with a readable id (a JSON string or number) is answered with that id, whatever else is
 * wrong with it: {@code params} that is not an object is {@code -32000 invalid_params} for a known method
 * ({@code -32601} otherwise), a missing method or an unreadable request {@code -32600}. Error texts are fixed
 * sentences; no exception text reaches the wire.</li>
 * <li>Gson follows {@link WireJson}: {@code snake_case} names, HTML escaping off (text such as {@code <} travels
 * unescaped).</li>
 * </ul>
 */
public final class TrestleLauncher {
    /** Largest accepted frame body: 16 MiB. */
    public static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

    static final EngineLogPort SILENT = new EngineLogPort() {
        @Override
        public void info(String event, Map<String, ?> fields) {
        }

        @Override
        public void warn(String event, Map<String, ?> fields) {
        }

        @Override
        public void debug(String event, Map<String, ?> fields) {
        }
    };

    private TrestleLauncher() {
    }

    /** The engine side: serves {@code server}, sends {@link TrestleClient} notifications. */
    public static Launcher<TrestleClient> server(TrestleProtocol server, InputStream in, OutputStream out,
                                                 ExecutorService readerExecutor, ErrorMapper errors,
                                                 EngineLogPort log) {
        return new FramedBuilder<TrestleClient>(log)
                .setLocalService(server)
                .setRemoteInterface(TrestleClient.class)
                .setInput(in)
                .setOutput(out)
                .setExecutorService(readerExecutor)
                .setExceptionHandler(errors::handle)
                .configureGson(WireJson::configure)
                .create();
    }

    /** A client side: receives notifications on {@code client}, calls the engine through the proxy. */
    public static Launcher<TrestleProtocol> client(TrestleClient client, InputStream in, OutputStream out,
                                                   ExecutorService readerExecutor) {
        return new FramedBuilder<TrestleProtocol>(SILENT)
                .setLocalService(client)
                .setRemoteInterface(TrestleProtocol.class)
                .setInput(in)
                .setOutput(out)
                .setExecutorService(readerExecutor)
                .configureGson(WireJson::configure)
                .create();
    }

    /**
     * The JSON-RPC method types of the whole protocol, read from the {@link RpcMethod} table: every request takes one
     * params object and answers the table's result type; every notification carries the table's params type (an
     * object for the LSP lifecycle ones). LSP4J would otherwise derive the same map by reflection over
     * {@link TrestleProtocol} on every launch, which costs a short-lived client (the CLI) most of its connect time;
     * {@code TrestleLauncherTest} holds the two equal.
     */
    static Map<String, JsonRpcMethod> methodTypes() {
        Map<String, JsonRpcMethod> methods = new LinkedHashMap<>();
        for (RpcMethod m : RpcMethod.values()) {
            boolean notification = m.kind() == RpcMethod.Kind.NOTIFICATION || m.type() == null;
            if (!notification) {
                methods.put(m.wireName(), JsonRpcMethod.request(m.wireName(), m.type(), JsonObject.class));
            } else {
                methods.put(m.wireName(), JsonRpcMethod.notification(m.wireName(),
                        m.type() == null ? JsonObject.class : m.type()));
            }
        }
        return methods;
    }

    private static final Map<String, JsonRpcMethod> METHOD_TYPES = Collections.unmodifiableMap(methodTypes());

    /** A launcher builder whose reader is a {@link FramedMessageProducer}. */
    static class FramedBuilder<T> extends Launcher.Builder<T> {
        private final EngineLogPort log;
        private MessageConsumer outgoing;

        FramedBuilder(EngineLogPort log) {
            this.log = log;
        }

        /** The consumer that writes this launcher's own answers (set by {@link #createRemoteEndpoint}). */
        void setOutgoing(MessageConsumer outgoing) {
            this.outgoing = outgoing;
        }

        @Override
        public Launcher<T> create() {
            if (input == null || output == null || localServices == null || remoteInterfaces == null) {
                throw new IllegalStateException("input, output, local service and remote interface are required");
            }
            MessageJsonHandler jsonHandler = createJsonHandler();
            RemoteEndpoint remoteEndpoint = createRemoteEndpoint(jsonHandler);
            T remoteProxy = createProxy(remoteEndpoint);
            FramedMessageProducer reader = new FramedMessageProducer(input, jsonHandler, remoteEndpoint, outgoing,
                    log);
            ConcurrentMessageProcessor processor = createMessageProcessor(reader,
                    wrapMessageConsumer(remoteEndpoint), remoteProxy);
            ExecutorService exec = executorService != null ? executorService : Executors.newCachedThreadPool();
            return createLauncher(exec, remoteProxy, remoteEndpoint, processor);
        }

        @Override
        protected Map<String, JsonRpcMethod> getSupportedMethods() {
            return METHOD_TYPES;
        }

        @Override
        protected RemoteEndpoint createRemoteEndpoint(MessageJsonHandler jsonHandler) {
            setOutgoing(wrapMessageConsumer(new StreamMessageConsumer(output, jsonHandler)));
            Endpoint local = ServiceEndpoints.toEndpoint(localServices);
            RemoteEndpoint remote = exceptionHandler == null ? new RemoteEndpoint(outgoing, local)
                    : new RemoteEndpoint(outgoing, local, exceptionHandler);
            jsonHandler.setMethodProvider(remote);
            remote.setJsonHandler(jsonHandler);
            return remote;
        }
    }

    /** Reads whole frames (bounded), parses them, and answers frames it cannot use. */
    static final class FramedMessageProducer extends StreamMessageProducer {
        private final MessageJsonHandler jsonHandler;
        private final MessageConsumer outgoing;
        private final EngineLogPort log;
        private volatile MessageConsumer callback;

        FramedMessageProducer(InputStream input, MessageJsonHandler jsonHandler, RemoteEndpoint issues,
                              MessageConsumer outgoing, EngineLogPort log) {
            super(input, jsonHandler, issues);
            this.jsonHandler = jsonHandler;
            this.outgoing = outgoing;
            this.log = log;
        }

        @Override
        public void listen(MessageConsumer consumer) {
            this.callback = consumer;
            super.listen(consumer);
        }

        @Override
        protected boolean handleMessage(InputStream input, Headers headers) throws IOException {
            int length = headers.contentLength;
            if (length > MAX_FRAME_BYTES) {
                if (!skip(input, length)) {
                    return false;
                }
                warn("rpc_frame_too_large", Map.of("bytes", length, "limit", MAX_FRAME_BYTES));
                answer(null, new ResponseError(ResponseErrorCode.InvalidRequest, "Frame larger than 16 MiB", null));
                return true;
            }
            byte[] body = input.readNBytes(length);
            if (body.length < length) {
                return false;
            }
            String text;
            try {
                text = new String(body, Charset.forName(headers.charset));
            } catch (IllegalArgumentException e) {
                text = new String(body, StandardCharsets.UTF_8);
            }
            handleFrame(text);
            return true;
        }

        /**
         * Answers every frame that needs an answer: a frame with a readable id (a JSON string or number) that is not
         * a response always gets one with that id, whatever else is wrong with it; frames without one get
         * {@code id: null} when they are not notifications. Nothing of an exception reaches the wire.
         */
        private void handleFrame(String text) {
            JsonElement tree = strictTree(text);
            if (tree == null) {
                warn("rpc_parse_error", Map.of());
                answer(null, new ResponseError(ResponseErrorCode.ParseError, "The message is not valid JSON", null));
                return;
            }
            if (!(tree instanceof JsonObject frame)) {
                answer(null, new ResponseError(ResponseErrorCode.InvalidRequest,
                        "A message must be one JSON object (batches are not supported)", null));
                return;
            }
            JsonElement id = readableId(frame.get("id"));
            boolean response = !frame.has("method") && (frame.has("result") || frame.has("error"));
            JsonElement methodElement = frame.get("method");
            String method = methodElement instanceof JsonPrimitive p && p.isString() ? p.getAsString() : null;
            if (!response && method == null) {
                if (id != null || !frame.has("id")) {
                    answer(id, new ResponseError(ResponseErrorCode.InvalidRequest,
                            "The request has no method name", null));
                } else {
                    answer(null, new ResponseError(ResponseErrorCode.InvalidRequest,
                            "The request id must be a string or a number", null));
                }
                return;
            }
            if (!response && frame.has("id") && id == null) {
                answer(null, new ResponseError(ResponseErrorCode.InvalidRequest,
                        "The request id must be a string or a number", null));
                return;
            }
            JsonElement params = frame.get("params");
            if (!response && params != null && !params.isJsonNull() && !params.isJsonObject()) {
                RpcMethod known = jsonHandler.getJsonRpcMethod(method) == null ? null
                        : RpcMethod.byName(method).filter(m -> m.phase() != null).orElse(null);
                if (id != null) {
                    answer(id, known == null ? unknownMethod() : ErrorMapper.responseError(
                            known.context(null, null, RequestContext.LOCAL_CLIENT).answer(
                                    new InvalidInputException("invalid_params", "params must be one JSON object"))));
                } else {
                    warn("rpc_notification_dropped", Map.of("reason", "params_not_an_object"));
                }
                return;
            }
            Message message;
            try {
                message = jsonHandler.parseMessage(text);
            } catch (RuntimeException e) {
                warn("rpc_parse_error", Map.of("exception", e.getClass().getName()));
                if (id != null && !response) {
                    answer(id, new ResponseError(ResponseErrorCode.InvalidRequest,
                            "The request could not be read", null));
                }
                return;
            }
            if (message == null) {
                answer(id, new ResponseError(ResponseErrorCode.InvalidRequest, "Empty message", null));
                return;
            }
            try {
                callback.consume(message);
            } catch (RuntimeException e) {
                warn("rpc_message_failed", Map.of("exception", e.getClass().getName()));
                if (id != null && !response) {
                    answer(id, new ResponseError(ResponseErrorCode.InternalError,
                            "The request failed inside the engine (see engine.log)", null));
                }
            }
        }

        private static ResponseError unknownMethod() {
            return new ResponseError(ResponseErrorCode.MethodNotFound, "Unknown method", null);
        }

        /** The frame parsed as strict JSON (one value, nothing after it), or {@code null}. */
        private static JsonElement strictTree(String text) {
            try {
                JsonReader reader = new JsonReader(new StringReader(text));
                reader.setStrictness(Strictness.STRICT);
                JsonElement tree = JsonParser.parseReader(reader);
                return reader.peek() == JsonToken.END_DOCUMENT ? tree : null;
            } catch (JsonParseException | IOException | IllegalStateException | StackOverflowError e) {
                return null;
            }
        }

        /** {@code id} if it is a JSON string or number, else {@code null}. */
        private static JsonElement readableId(JsonElement id) {
            return id instanceof JsonPrimitive p && (p.isString() || p.isNumber()) ? p : null;
        }

        private static boolean skip(InputStream input, long length) throws IOException {
            long remaining = length;
            byte[] sink = new byte[8192];
            while (remaining > 0) {
                int n = input.read(sink, 0, (int) Math.min(sink.length, remaining));
                if (n < 0) {
                    return false;
                }
                remaining -= n;
            }
            return true;
        }

        private void answer(JsonElement id, ResponseError error) {
            ResponseMessage response = new ResponseMessage();
            response.setJsonrpc(MessageConstants.JSONRPC_VERSION);
            if (id != null) {
                JsonPrimitive p = id.getAsJsonPrimitive();
                if (p.isString()) {
                    response.setId(p.getAsString());
                } else {
                    response.setRawId(Either.forRight(p.getAsNumber()));
                }
            }
            response.setError(error);
            try {
                outgoing.consume(response);
            } catch (RuntimeException e) {
                warn("rpc_answer_failed", Map.of("exception", e.getClass().getName()));
            }
        }

        /**
         * The connection broke (the peer went away mid-frame): an info line through the log port instead of LSP4J's
         * JUL record, so a client's stderr stays clean and the engine's log keeps one format.
         */
        @Override
        protected void fireStreamClosed(Exception cause) {
            try {
                log.info("rpc_stream_closed", Map.of("exception", cause.getClass().getName()));
            } catch (RuntimeException ignored) {
                // logging never stops the reader
            }
        }

        private void warn(String event, Map<String, ?> fields) {
            try {
                log.warn(event, fields);
            } catch (RuntimeException ignored) {
                // logging never stops the reader
            }
        }
    }
}
