package dev.trestle.server.endpoint;

import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.EventSinkPort;
import dev.trestle.server.rpc.ChannelStreams;
import dev.trestle.server.rpc.ErrorMapper;
import dev.trestle.server.rpc.RpcEventSink;
import dev.trestle.server.rpc.TrestleClient;
import dev.trestle.server.rpc.TrestleLauncher;
import dev.trestle.server.rpc.TrestleServer;
import dev.trestle.server.rpc.UseCases;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.lsp4j.jsonrpc.Launcher;

/**
 * Every client connected to this engine: the stdio client that started it and each connection accepted on its
 * endpoint. Each connection is a full LSP session ({@code initialize} … {@code shutdown}/{@code exit}) served by its
 * own {@link TrestleServer} over the one set of use cases, so all share the engine's objects and Workbench locks.
 * <ul>
 * <li><b>Fan-out.</b> As the {@link EventSinkPort} of the engine it sends every event to every connection, on the
 * emitting thread, through each connection's ordered output queue: on the requester's connection a request's
 * notifications still precede its response; the others see the same events in the same order.</li>
 * <li><b>Lifetime.</b> When the last connection ends, the hub waits {@code idleGraceMs}; if no client connected in the
 * meantime it retires (refuses new connections) and {@link #retired()} completes, so the process releases the lock and
 * exits. A connection that ends for any reason (shutdown/exit, closed stream, killed client) only ends itself.</li>
 * </ul>
 */
public final class ConnectionHub implements EventSinkPort {
    private final long idleGraceMs;
    private final ScheduledExecutorService timer;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> retired = new CompletableFuture<>();
    private volatile Served served;
    private int live;
    private int counter;
    private long generation;
    private boolean isRetired;
    private ScheduledFuture<?> idleCheck;

    /** What the connections serve; set once the engine started. */
    private record Served(UseCases useCases, String engineVersion, EngineLogPort log, ExecutorService requests,
                          ExecutorService io) {
    }

    /** One connected client. */
    public final class Connection {
        private final int id;
        private final String kind;
        private final RpcEventSink sink = new RpcEventSink();
        private final QueuedOutput out;
        private final TrestleServer server;
        private final Launcher<TrestleClient> launcher;
        private final Served served;
        private volatile Future<Void> listening;
        private final AtomicBoolean ended = new AtomicBoolean();
        private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        private volatile boolean exitReceived;

        private Connection(int id, String kind, InputStream in, OutputStream rawOut, Served s) {
            this.id = id;
            this.kind = kind;
            this.out = new QueuedOutput(rawOut, s.io(), this::end);
            this.server = new TrestleServer(s.useCases(), s.engineVersion(), s.log(), s.requests(), () -> {
                exitReceived = true;
                end();
            }, "client-" + id);
            this.served = s;
            this.launcher = TrestleLauncher.server(server, in, out, s.io(), new ErrorMapper(s.log()), s.log());
            sink.connect(launcher.getRemoteProxy(), s.log());
        }

        private void start() {
            Future<Void> reading = launcher.startListening();
            listening = reading;
            if (ended.get()) {
                reading.cancel(true);
                return;
            }
            served.io().execute(() -> {
                try {
                    reading.get();
                } catch (Exception e) {
                    // a closed or broken stream ends the session like a clean end of input
                }
                end();
            });
        }

        /** Ends this session: stops reading, flushes what was already written, closes the stream. Idempotent. */
        public void end() {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            Future<Void> reading = listening;
            if (reading != null) {
                reading.cancel(true);
            }
            out.close();
            exitCode.complete(exitReceived && !server.shutdownRequested() ? 1 : 0);
            closed(this);
        }

        /** Completes when the session ended: 1 after {@code exit} without {@code shutdown} (LSP), else 0. */
        public CompletableFuture<Integer> exitCode() {
            return exitCode;
        }

        public String kind() {
            return kind;
        }
    }

    /**
     * @param idleGraceMs how long the engine waits for a new client after the last one left
     */
    public ConnectionHub(long idleGraceMs, ScheduledExecutorService timer) {
        this.idleGraceMs = Math.max(0, idleGraceMs);
        this.timer = timer;
    }

    /** Starts serving: connections opened from now on use these. */
    public void serve(UseCases useCases, String engineVersion, EngineLogPort log, ExecutorService requests,
                      ExecutorService io) {
        this.served = new Served(useCases, engineVersion, log, requests, io);
    }

    /** Opens a session on a pair of streams (the stdio client); null when the hub has retired. */
    public Connection open(String kind, InputStream in, OutputStream out) {
        Served s = served;
        if (s == null) {
            throw new IllegalStateException("serve() first");
        }
        int id;
        synchronized (this) {
            if (isRetired) {
                return null;
            }
            live++;
            generation++;
            id = ++counter;
            if (idleCheck != null) {
                idleCheck.cancel(false);
                idleCheck = null;
            }
        }
        Connection c = new Connection(id, kind, in, out, s);
        connections.add(c);
        info(s, "client_connected", c, Map.of());
        c.start();
        return c;
    }

    /** Opens a session on an accepted endpoint connection; closes it when the hub has retired. */
    public void accept(SocketChannel channel) {
        Connection c = open("socket", ChannelStreams.in(channel), ChannelStreams.out(channel));
        if (c == null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to tell a client we refuse
            }
        }
    }

    private void closed(Connection c) {
        connections.remove(c);
        Served s = served;
        int left;
        synchronized (this) {
            left = --live;
            if (left == 0) {
                long gen = generation;
                idleCheck = timer.schedule(() -> idle(gen), idleGraceMs, TimeUnit.MILLISECONDS);
            }
        }
        info(s, "client_disconnected", c, Map.of("clients_left", left));
    }

    private void idle(long gen) {
        synchronized (this) {
            if (live != 0 || gen != generation || isRetired) {
                return;
            }
            isRetired = true;
        }
        retired.complete(null);
    }

    /** Completes once the last client left and the idle grace passed without a new one. */
    public CompletableFuture<Void> retired() {
        return retired;
    }

    public long idleGraceMs() {
        return idleGraceMs;
    }

    /** Connected clients now. */
    public synchronized int clients() {
        return live;
    }

    /** Ends every session (process shutdown). */
    public void endAll() {
        synchronized (this) {
            isRetired = true;
        }
        for (Connection c : connections) {
            c.end();
        }
    }

    @Override
    public void emit(EngineEvent event) {
        for (Connection c : connections) {
            c.sink.emit(event);
        }
    }

    private static void info(Served s, String event, Connection c, Map<String, ?> extra) {
        if (s == null) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("connection", c.id);
        fields.put("kind", c.kind);
        fields.putAll(extra);
        try {
            s.log().info(event, fields);
        } catch (RuntimeException ignored) {
            // logging never stops the engine
        }
    }
}
