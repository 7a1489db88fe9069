package dev.trestle.server.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.server.rpc.EndpointRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the socket goes, including data dirs too long for a Unix domain socket address. */
class SocketPathsTest {
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

    @TempDir
    Path tmp;

    private final ExecutorService io = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    private Path longDataDir(String leaf) throws Exception {
        Path dir = tmp.resolve("a-rather-long-folder-name-for-a-user-who-likes-descriptive-names")
                .resolve("and-another-level-of-nesting-to-pass-the-limit").resolve(leaf);
        return Files.createDirectories(dir);
    }

    @Test
    void a_short_data_dir_holds_its_own_socket() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("d"));
        assertThat(SocketPaths.forDataDir(data, Map.of())).isEqualTo(data.toRealPath().resolve("engine.sock"));
    }

    @Test
    void a_data_dir_too_long_for_a_socket_address_gets_a_short_stable_path_in_the_runtime_dir() throws Exception {
        Path runtime = Files.createDirectories(tmp.resolve("rt"));
        Path data = longDataDir("data");
        assertThat(data.resolve("engine.sock").toString().getBytes(StandardCharsets.UTF_8).length)
                .isGreaterThan(SocketPaths.MAX_PATH_BYTES);
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", runtime.toString());

        Path socket = SocketPaths.forDataDir(data, env);
        assertThat(socket.getParent()).isEqualTo(runtime);
        assertThat(socket.getFileName().toString()).matches("trestle-[0-9a-f]{16}\\.sock");
        assertThat(socket.toString().getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(SocketPaths.MAX_PATH_BYTES);
        assertThat(SocketPaths.forDataDir(data, env)).isEqualTo(socket);
        assertThat(SocketPaths.forDataDir(longDataDir("other"), env)).isNotEqualTo(socket);

        // the engine binds there, records it in the data dir, and a relay finds it through the record
        CountDownLatch accepted = new CountDownLatch(1);
        try (EndpointServer endpoint = EndpointServer.open(data, env, false, SILENT, io, ch -> accepted.countDown())) {
            assertThat(endpoint.socket()).isEqualTo(socket);
            assertThat(EndpointRecord.read(data).orElseThrow().socket()).isEqualTo(socket);
            Relay.connect(data).orElseThrow().channel().close();
            assertThat(accepted.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(socket).doesNotExist();
        assertThat(data.resolve(EndpointRecord.FILE_NAME)).doesNotExist();
    }
}
