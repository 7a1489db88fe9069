package dev.trestle.server.rpc;

import com.google.gson.JsonParseException;
import dev.trestle.domain.port.out.EngineLogPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.Map;
import org.eclipse.lsp4j.jsonrpc.Endpoint;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.RemoteEndpoint;
import org.eclipse.lsp4j.jsonrpc.json.ConcurrentMessageProcessor;
import org.eclipse.lsp4j.jsonrpc.json.MessageConstants;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageConsumer;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageProducer;
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
 * {@code -32600} with id {@code null}; unparseable JSON is answered {@code -32700} (id {@code null} when none could be
 * read). Either way the engine keeps serving.</li>
 * <li>HTML escaping is off, so text such as {@code <} travels unescaped.</li>
 * </ul>
 */
public final class TrestleLauncher {
    /** Largest accepted frame body: 16 MiB. */
    public static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

    private static final EngineLogPort SILENT = new EngineLogPort() {
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
                .configureGson(b -> b.disableHtmlEscaping())
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
                .configureGson(b -> b.disableHtmlEscaping())
                .create();
    }

    /** A launcher builder whose reader is a {@link FramedMessageProducer}. */
    static final class FramedBuilder<T> extends Launcher.Builder<T> {
        private final EngineLogPort log;
        private MessageConsumer outgoing;

        FramedBuilder(EngineLogPort log) {
            this.log = log;
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
        protected RemoteEndpoint createRemoteEndpoint(MessageJsonHandler jsonHandler) {
            outgoing = wrapMessageConsumer(new StreamMessageConsumer(output, jsonHandler));
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
        private final RemoteEndpoint issues;
        private final MessageConsumer outgoing;
        private final EngineLogPort log;
        private volatile MessageConsumer callback;

        FramedMessageProducer(InputStream input, MessageJsonHandler jsonHandler, RemoteEndpoint issues,
                              MessageConsumer outgoing, EngineLogPort log) {
            super(input, jsonHandler, issues);
            this.jsonHandler = jsonHandler;
            this.issues = issues;
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
                answer(ResponseErrorCode.InvalidRequest, "Frame larger than 16 MiB");
                return true;
            }
            byte[] body = input.readNBytes(length);
            if (body.length < length) {
                return false;
            }
            Message message;
            try {
                message = jsonHandler.parseMessage(new String(body, Charset.forName(headers.charset)));
            } catch (MessageIssueException e) {
                issues.handle(e.getRpcMessage(), e.getIssues());
                return true;
            } catch (JsonParseException | IllegalArgumentException e) {
                warn("rpc_parse_error", Map.of("exception", e.getClass().getName()));
                answer(ResponseErrorCode.ParseError, "Message could not be parsed");
                return true;
            }
            if (message == null) {
                answer(ResponseErrorCode.ParseError, "Empty message");
                return true;
            }
            try {
                callback.consume(message);
            } catch (MessageIssueException e) {
                issues.handle(e.getRpcMessage(), e.getIssues());
            } catch (RuntimeException e) {
                warn("rpc_message_failed", Map.of("exception", e.getClass().getName()));
            }
            return true;
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

        private void answer(ResponseErrorCode code, String text) {
            ResponseMessage response = new ResponseMessage();
            response.setJsonrpc(MessageConstants.JSONRPC_VERSION);
            response.setError(new ResponseError(code, text, null));
            try {
                outgoing.consume(response);
            } catch (RuntimeException e) {
                warn("rpc_answer_failed", Map.of("exception", e.getClass().getName()));
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
