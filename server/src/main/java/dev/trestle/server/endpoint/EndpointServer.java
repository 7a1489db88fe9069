package dev.trestle.server.endpoint;

import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.server.rpc.EndpointRecord;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The engine's local endpoint: a Unix domain socket that only the data dir's owner can use (mode 0600, and where the
 * platform reports peer credentials, each connection's user is checked against the socket's owner, i.e. the engine's
 * user). Bound only while the engine holds {@code engine.lock}, so a socket file found at bind time is stale and is
 * replaced. {@link #close()} stops accepting and removes the socket and {@link EndpointRecord}.
 */
public final class EndpointServer implements AutoCloseable {
    private final Path dataDir;
    private final Path socket;
    private final ServerSocketChannel server;
    private final EndpointRecord record;
    private final UserPrincipal owner;
    private final EngineLogPort log;

    private EndpointServer(Path dataDir, Path socket, ServerSocketChannel server, EndpointRecord record,
                           UserPrincipal owner, EngineLogPort log) {
        this.dataDir = dataDir;
        this.socket = socket;
        this.server = server;
        this.record = record;
        this.owner = owner;
        this.log = log;
    }

    /**
     * Binds the endpoint of {@code dataDir} (the caller holds its engine lock), publishes {@link EndpointRecord} and
     * hands every accepted connection from the data dir's owner to {@code onAccept} on {@code acceptor}.
     */
    public static EndpointServer open(Path dataDir, Map<String, String> env, boolean allowCustomEndpoints,
                                      EngineLogPort log, Executor acceptor, Consumer<SocketChannel> onAccept)
            throws IOException {
        Path socket = SocketPaths.forDataDir(dataDir, env);
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        UserPrincipal owner;
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            try {
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not POSIX (Windows): the socket file inherits the data dir's owner-only ACL
            }
            owner = Files.getOwner(socket);
            EndpointRecord record = new EndpointRecord(socket, ProcessHandle.current().pid(), allowCustomEndpoints);
            record.write(dataDir);
            EndpointServer endpoint = new EndpointServer(dataDir, socket, server, record, owner, log);
            acceptor.execute(() -> endpoint.acceptLoop(onAccept));
            return endpoint;
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(socket);
            throw e;
        }
    }

    public Path socket() {
        return socket;
    }

    private void acceptLoop(Consumer<SocketChannel> onAccept) {
        while (server.isOpen()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                warn("endpoint_accept_failed", Map.of("exception", e.getClass().getName()));
                continue;
            }
            if (!fromOwner(channel)) {
                warn("endpoint_peer_refused", Map.of());
                try {
                    channel.close();
                } catch (IOException e) {
                    // refused either way
                }
                continue;
            }
            try {
                onAccept.accept(channel);
            } catch (RuntimeException e) {
                warn("endpoint_session_failed", Map.of("exception", e.getClass().getName()));
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    // refused either way
                }
            }
        }
    }

    /** The peer's user equals the engine's; true where the platform cannot tell (the 0600 mode still applies). */
    private boolean fromOwner(SocketChannel channel) {
        try {
            UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return peer != null && peer.user().getName().equals(owner.getName());
        } catch (UnsupportedOperationException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops accepting and removes the socket file and the record. Idempotent. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // a stale socket is replaced by the next engine
        }
        record.remove(dataDir);
    }

    private void warn(String event, Map<String, ?> fields) {
        try {
            log.warn(event, fields);
        } catch (RuntimeException ignored) {
            // logging never stops the endpoint
        }
    }
}
