package dev.trestle.server.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.server.rpc.ChannelStreams;
import dev.trestle.server.rpc.EndpointRecord;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay over real Unix domain sockets: byte-exact copying, and no byte lost when the engine retires under it. */
class RelayTest {
    @TempDir
    Path dataDir;

    private final ExecutorService io = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    private ServerSocketChannel listen(String name) throws Exception {
        Path socket = dataDir.resolve(name);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        new EndpointRecord(socket, ProcessHandle.current().pid(), false).write(dataDir);
        return server;
    }

    @Test
    void an_engine_that_closes_before_answering_gets_the_client_bytes_replayed_to_the_next_one() throws Exception {
        PipedOutputStream client = new PipedOutputStream();
        PumpedInput in = new PumpedInput(new PipedInputStream(client, 1 << 16), io);
        byte[] hello = "Content-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII);
        client.write(hello);
        client.flush();

        // the first engine accepts, takes a few bytes, then closes without a word (its idle grace ran out)
        ServerSocketChannel retiring = listen("first.sock");
        CompletableFuture<Void> closedFirst = CompletableFuture.runAsync(() -> {
            try (SocketChannel c = retiring.accept()) {
                c.read(ByteBuffer.allocate(5));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, io);
        Relay.Outcome first = Relay.connect(dataDir).orElseThrow().pipe(in, new ByteArrayOutputStream(), io);
        closedFirst.get(10, TimeUnit.SECONDS);
        assertThat(first.replay()).isNotNull();
        in.unread(first.replay());

        // the next engine echoes: it must see the client's bytes whole, in order, once
        ServerSocketChannel next = listen("next.sock");
        CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
            try (SocketChannel c = next.accept()) {
                InputStream from = ChannelStreams.in(c);
                OutputStream to = ChannelStreams.out(c);
                byte[] got = from.readNBytes(hello.length);
                to.write(got);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, io);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Relay.Outcome second = Relay.connect(dataDir).orElseThrow().pipe(in, out, io);
        echo.get(10, TimeUnit.SECONDS);
        assertThat(second.replay()).isNull();
        assertThat(second.exitCode()).isZero();
        assertThat(out.toByteArray()).isEqualTo(hello);
    }
}
