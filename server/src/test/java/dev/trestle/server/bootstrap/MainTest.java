package dev.trestle.server.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.trestle.server.rpc.Fakes;
import dev.trestle.server.rpc.Notifications;
import dev.trestle.server.rpc.Results;
import dev.trestle.server.rpc.TrestleClient;
import dev.trestle.server.rpc.TrestleLauncher;
import dev.trestle.server.rpc.TrestleProtocol;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The process entry: arguments, exit codes, and the three ways a session ends. */
class MainTest {
    private static final long TIMEOUT_S = 10;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final CountDownLatch prepared = new CountDownLatch(1);
    private final AtomicReference<Options> startedWith = new AtomicReference<>();
    private final Fakes fakes = new Fakes();

    private final EngineFactory factory = (options, events) -> {
        startedWith.set(options);
        return new Engine(fakes.useCases(), "1.2.3", fakes.log, closed::countDown, prepared::countDown);
    };

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private int runOffline(String... args) {
        return Main.run(args, new java.io.ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), err,
                factory, Map.of(), new CompletableFuture<>());
    }

    @Test
    void an_unknown_argument_prints_one_line_and_exits_2() {
        assertThat(runOffline("--frobnicate")).isEqualTo(Main.EXIT_USAGE);
        assertThat(stderr.toString(StandardCharsets.UTF_8).lines()).hasSize(1).first().asString()
                .contains("--frobnicate");
        assertThat(startedWith.get()).isNull();
        assertThat(runOffline("--data-dir")).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void version_prints_the_version_without_starting_an_engine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--version"}, new java.io.ByteArrayInputStream(new byte[0]), out, err,
                factory, Map.of(), new CompletableFuture<>());
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("trestle ").contains(Version.current());
        assertThat(startedWith.get()).isNull();
    }

    @Test
    void print_jvm_options_lists_the_published_options_one_per_line_without_starting_an_engine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--print-jvm-options"}, new java.io.ByteArrayInputStream(new byte[0]), out,
                err, factory, Map.of(), new CompletableFuture<>());
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList())
                .isEqualTo(dev.trestle.server.rpc.EngineJvmOptions.list())
                .contains("-XX:+UseSerialGC", "-Xlog:all=warning:stderr").noneMatch(l -> l.startsWith("#"));
        assertThat(startedWith.get()).isNull();
    }

    @Test
    void a_held_engine_lock_without_a_reachable_endpoint_prints_one_line_and_exits_3() {
        EngineFactory locked = (o, e) -> {
            throw new EngineLockedException("held");
        };
        int code = Main.run(new String[] {"--data-dir", "/tmp/x"}, new java.io.ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), err, locked, Map.of(Main.ENV_RELAY_WAIT_MS, "0"),
                new CompletableFuture<>());
        assertThat(code).isEqualTo(Main.EXIT_LOCKED);
        assertThat(stderr.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
                .contains("does not answer").contains("end that process");
    }

    @Test
    void a_negative_or_missing_idle_grace_is_a_usage_error() {
        assertThat(runOffline("--idle-grace-ms", "-1")).isEqualTo(Main.EXIT_USAGE);
        assertThat(runOffline("--idle-grace-ms")).isEqualTo(Main.EXIT_USAGE);
        assertThat(startedWith.get()).isNull();
    }

    @Test
    void a_factory_that_fails_is_a_start_failure_not_a_crash() {
        EngineFactory broken = (o, e) -> {
            throw new IllegalStateException("broken wiring");
        };
        int code = Main.run(new String[] {"--data-dir", "/tmp/x"}, new java.io.ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), err, broken, Map.of(), new CompletableFuture<>());
        assertThat(code).isEqualTo(Main.EXIT_FAILURE);
        assertThat(stderr.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
    }

    @Test
    void the_data_dir_comes_from_the_argument_then_the_environment_then_the_config_dir() {
        assertThat(Main.dataDir("/a/b", Map.of("TRESTLE_DATA_DIR", "/env"))).isEqualTo(Path.of("/a/b"));
        assertThat(Main.dataDir(null, Map.of("TRESTLE_DATA_DIR", "/env"))).isEqualTo(Path.of("/env"));
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).matches(".*(win|mac).*")) {
            assertThat(Main.dataDir(null, Map.of("XDG_CONFIG_HOME", "/xdg"))).isEqualTo(Path.of("/xdg/trestle"));
        }
    }

    /** A running engine on pipes with a typed client. */
    private final class Session {
        final OutputStream toEngine;
        final TrestleProtocol client;
        final CompletableFuture<Integer> exit;
        final CompletableFuture<Void> parent = new CompletableFuture<>();

        Session(String... args) throws Exception {
            Pipe in = Pipe.open();
            Pipe out = Pipe.open();
            toEngine = Channels.newOutputStream(in.sink());
            String[] withGrace = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--idle-grace-ms", "0")).toArray(String[]::new);
            exit = CompletableFuture.supplyAsync(() -> Main.run(withGrace, Channels.newInputStream(in.source()),
                    Channels.newOutputStream(out.sink()), err, factory, Map.of(), parent), pool);
            Launcher<TrestleProtocol> launcher = TrestleLauncher.client(new NoNotifications(),
                    Channels.newInputStream(out.source()), toEngine, pool);
            launcher.startListening();
            client = launcher.getRemoteProxy();
        }

        int awaitExit() throws Exception {
            return exit.get(TIMEOUT_S, TimeUnit.SECONDS);
        }
    }

    @Test
    void the_engine_serves_until_stdin_closes_then_closes_itself() throws Exception {
        Session s = new Session("--data-dir", "/tmp/trestle-test", "--stdio", "--allow-custom-endpoints");
        Results.EngineInfo info = s.client.engineGetInfo(new JsonObject()).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(info).isEqualTo(new Results.EngineInfo("1.2.3", "1"));
        assertThat(startedWith.get()).isEqualTo(new Options(Path.of("/tmp/trestle-test"), true));

        s.toEngine.close();
        assertThat(s.awaitExit()).isEqualTo(Main.EXIT_OK);
        assertThat(closed.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(stderr.size()).isZero();
    }

    @Test
    void the_engine_prepares_once_no_request_has_been_in_flight_for_a_while() throws Exception {
        Session s = new Session("--data-dir", "/tmp/trestle-test");
        s.client.engineGetInfo(new JsonObject()).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(prepared.await(TIMEOUT_S, TimeUnit.SECONDS)).as("Engine.prepare ran").isTrue();
        s.toEngine.close();
        assertThat(s.awaitExit()).isEqualTo(Main.EXIT_OK);
    }

    @Test
    void exit_after_shutdown_ends_with_0_and_exit_alone_with_1() throws Exception {
        Session s = new Session("--data-dir", "/tmp/trestle-test");
        assertThat(s.client.shutdown(null).get(TIMEOUT_S, TimeUnit.SECONDS)).isNull();
        s.client.exit(null);
        assertThat(s.awaitExit()).isEqualTo(Main.EXIT_OK);

        Session t = new Session("--data-dir", "/tmp/trestle-test");
        t.client.exit(null);
        assertThat(t.awaitExit()).isEqualTo(Main.EXIT_FAILURE);
    }

    @Test
    void the_engine_ends_when_its_parent_process_dies() throws Exception {
        Session s = new Session("--data-dir", "/tmp/trestle-test");
        s.client.engineGetInfo(new JsonObject()).get(TIMEOUT_S, TimeUnit.SECONDS);
        s.parent.complete(null);
        assertThat(s.awaitExit()).isEqualTo(Main.EXIT_OK);
        assertThat(closed.await(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
    }

    /** A client that ignores notifications. */
    private static final class NoNotifications implements TrestleClient {
        @Override
        public void workbenchClutterChanged(Notifications.ClutterChanged p) {
        }

        @Override
        public void workshopModelChanged(Notifications.ModelChanged p) {
        }

        @Override
        public void workshopAssistantStreamDelta(Notifications.StreamDelta p) {
        }

        @Override
        public void workshopAssistantMessageComplete(Notifications.MessageComplete p) {
        }

        @Override
        public void workshopRunCancelRequested(Notifications.RunCancelRequested p) {
        }

        @Override
        public void workshopProposalReady(Notifications.ProposalReady p) {
        }

        @Override
        public void workbenchFilesChanged(Notifications.FilesChanged p) {
        }

        @Override
        public void draftStateChanged(Notifications.DraftStateChanged p) {
        }

        @Override
        public void checkpointCreated(Notifications.CheckpointCreated p) {
        }

        @Override
        public void checkpointRestored(Notifications.CheckpointRestored p) {
        }

        @Override
        public void checkpointPinChanged(Notifications.CheckpointPinChanged p) {
        }

        @Override
        public void draftPublishProgress(Notifications.PublishProgress p) {
        }

        @Override
        public void checkpointRestoreProgress(Notifications.RestoreProgress p) {
        }
    }
}
