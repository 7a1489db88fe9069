package dev.trestle.server.endpoint;

import dev.trestle.server.rpc.ChannelStreams;
import dev.trestle.server.rpc.EndpointRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * A server started while another engine holds the data dir becomes a relay: it connects to that engine's endpoint and
 * copies its stdio to the connection and back, byte for byte, until either side ends. The client never notices it is
 * not talking to the engine itself.
 */
public final class Relay {
    private Relay() {
    }

    /** Connects to the endpoint published in {@code dataDir}; empty when there is none or it does not answer. */
    public static Optional<Connected> connect(Path dataDir) {
        Optional<EndpointRecord> record = EndpointRecord.read(dataDir);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(record.get().socket()));
            } catch (IOException | RuntimeException e) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new Connected(record.get(), channel));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * How a relay ended.
     *
     * @param exitCode the process exit code (when {@code replay} is null)
     * @param replay   non-null when the engine closed the connection before answering anything (it was retiring as we
     *                 connected): the client's bytes it was sent, to be put back with {@link PumpedInput#unread} and
     *                 given to the next engine
     */
    public record Outcome(int exitCode, byte[] replay) {
    }

    /** A relay connection to the engine described by {@code engine}. */
    public record Connected(EndpointRecord engine, SocketChannel channel) {
        /**
         * Pipes {@code in} to the engine and the engine to {@code out} until the engine closes the connection.
         *
         * @return exit code 0 when the engine ended the session (after the client's {@code exit} or end of input), 1
         *         when the connection broke or the engine process died while the client was still there; or a replay
         *         when the engine closed before its first byte
         */
        public Outcome pipe(PumpedInput in, OutputStream out, ExecutorService io) {
            OutputStream toEngine = ChannelStreams.out(channel);
            InputStream fromEngine = ChannelStreams.in(channel);
            java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
            java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
            CompletableFuture<Void> upstreamDone = new CompletableFuture<>();
            java.util.concurrent.Future<?> upstream = io.submit(() -> {
                byte[] buf = new byte[1 << 16];
                try {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        if (n == 0) {
                            continue;
                        }
                        synchronized (sent) {
                            if (!answered.get()) {
                                sent.write(buf, 0, n);
                            }
                        }
                        toEngine.write(buf, 0, n);
                    }
                    // end of the client's input: the engine ends this session when it reads end of stream
                    channel.shutdownOutput();
                } catch (IOException e) {
                    // interrupted, or the engine side closed; the downstream copy decides what that means
                } finally {
                    upstreamDone.complete(null);
                }
            });
            byte[] buf = new byte[1 << 16];
            int code = 0;
            try {
                int n;
                try {
                    n = fromEngine.read(buf);
                } catch (IOException e) {
                    n = -1; // reset before the first byte: the engine closed without serving us, as at end of stream
                }
                if (n < 0) {
                    upstream.cancel(true);
                    upstreamDone.join();
                    synchronized (sent) {
                        return new Outcome(0, sent.toByteArray());
                    }
                }
                answered.set(true);
                do {
                    out.write(buf, 0, n);
                    out.flush();
                } while ((n = fromEngine.read(buf)) >= 0);
                if (!upstreamDone.isDone() && engineDied()) {
                    code = 1;
                }
            } catch (IOException e) {
                code = 1;
            } finally {
                upstream.cancel(true);
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
            return new Outcome(code, null);
        }

        /**
         * Whether the engine is gone, as opposed to having ended this one session: a live engine still accepts on its
         * endpoint, a dead one's listening socket is closed by the kernel with the process. The process check covers
         * the short window in which the kernel is still tearing the process down.
         */
        private boolean engineDied() {
            if (engine.pid() == ProcessHandle.current().pid()) {
                return false;
            }
            try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                probe.connect(UnixDomainSocketAddress.of(engine.socket()));
            } catch (IOException | RuntimeException e) {
                return true;
            }
            Optional<ProcessHandle> engineProcess = ProcessHandle.of(engine.pid());
            if (engineProcess.isEmpty()) {
                return true;
            }
            try {
                engineProcess.get().onExit().get(1, java.util.concurrent.TimeUnit.SECONDS);
                return true;
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                return true;
            }
        }
    }
}
