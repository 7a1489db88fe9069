package dev.trestle.server.endpoint;

import static dev.trestle.server.endpoint.WireClient.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.trestle.server.rpc.ChannelStreams;
import dev.trestle.server.rpc.EndpointRecord;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 over real processes: one engine per data dir serves its stdio client, every relay (a second
 * {@code trestle-server --stdio} on the same data dir) and every direct socket client, with notifications fanned out to
 * all of them, an idle grace after the last client, and recovery after a crash.
 */
class ManyClientsIT {
    private static final long GRACE_MS = 1_000;

    @TempDir
    Path tmp;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    private Process server(Path dataDir, String... extra) throws IOException {
        String jar = System.getProperty("trestle.server.jar");
        assertThat(jar).as("trestle.server.jar system property").isNotNull();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar, "--data-dir", dataDir.toString(),
                "--stdio", "--idle-grace-ms", Long.toString(GRACE_MS)));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("err-" + processes.size() + ".txt").toFile())
                .start();
        processes.add(p);
        return p;
    }

    private String stderrOf(Process p) throws IOException {
        return Files.readString(tmp.resolve("err-" + processes.indexOf(p) + ".txt"), StandardCharsets.UTF_8);
    }

    private static WireClient over(Process p) throws Exception {
        return new WireClient(p.getInputStream(), p.getOutputStream()).handshake();
    }

    private static WireClient direct(Path dataDir) throws Exception {
        EndpointRecord record = EndpointRecord.read(dataDir).orElseThrow();
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(record.socket()));
        return new WireClient(ChannelStreams.in(ch), ChannelStreams.out(ch)).handshake();
    }

    private static long endpointPid(Path dataDir) {
        return EndpointRecord.read(dataDir).map(EndpointRecord::pid).orElse(-1L);
    }

    private Path sampleFiles(int n) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src-" + n));
        for (int i = 0; i < n; i++) {
            Files.writeString(dir.resolve("note-" + i + ".md"), "line " + i + "\n".repeat(i % 7 + 1));
        }
        return dir;
    }

    private static JsonArray paths(Path dir) throws IOException {
        JsonArray a = new JsonArray();
        try (var s = Files.list(dir)) {
            s.sorted().forEach(p -> a.add(p.toString()));
        }
        return a;
    }

    private static int fileCount(WireClient c, String wb) throws Exception {
        return c.call("WorkbenchFilesList", params("workbench_id", wb)).getAsJsonArray("files").size();
    }

    @Test
    void a_second_server_relays_to_the_engine_and_every_client_sees_the_others_changes() throws Exception {
        Path data = tmp.resolve("data");
        Process engine = server(data);
        WireClient first = over(engine);
        assertThat(endpointPid(data)).isEqualTo(engine.pid());
        String wb = first.call("WorkbenchCreate", params("name", "shared")).get("workbench_id").getAsString();

        Process relay = server(data);
        WireClient second = over(relay);
        assertThat(endpointPid(data)).as("the relay did not take over").isEqualTo(engine.pid());
        assertThat(second.call("WorkbenchList", null).getAsJsonArray("workbenches")).hasSize(1);

        second.call("WorkbenchFilesAdd", params("workbench_id", wb, "source_paths", paths(sampleFiles(2))));
        JsonObject filesChanged = first.await("WorkbenchFilesChanged");
        assertThat(filesChanged.get("workbench_id").getAsString()).isEqualTo(wb);
        assertThat(filesChanged.getAsJsonArray("added")).hasSize(2);
        assertThat(first.await("WorkbenchClutterChanged").get("workbench_id").getAsString()).isEqualTo(wb);

        String byFirst = first.call("CheckpointsCreate", params("workbench_id", wb, "description", "one"))
                .get("checkpoint_id").getAsString();
        assertThat(second.await("CheckpointCreated", "checkpoint_id", byFirst)).isNotNull();
        String bySecond = second.call("CheckpointsCreate", params("workbench_id", wb, "description", "two"))
                .get("checkpoint_id").getAsString();
        assertThat(first.await("CheckpointCreated", "checkpoint_id", bySecond)).isNotNull();
        first.call("CheckpointsSetPinned", params("workbench_id", wb, "checkpoint_id", bySecond, "pinned", true));
        JsonObject pin = second.await("CheckpointPinChanged", "checkpoint_id", bySecond);
        assertThat(pin.get("workbench_id").getAsString()).isEqualTo(wb);
        assertThat(pin.get("pinned").getAsBoolean()).isTrue();

        // the client that started the engine leaves; the engine process serves on
        first.close();
        WireClient third = direct(data);
        assertThat(engine.isAlive()).isTrue();
        assertThat(fileCount(second, wb)).isEqualTo(2);
        JsonArray one = new JsonArray();
        one.add("note-0.md");
        second.call("WorkbenchFilesRemove", params("workbench_id", wb, "workbench_paths", one));
        assertThat(third.await("WorkbenchFilesChanged").getAsJsonArray("removed")).hasSize(1);
        assertThat(relay.isAlive()).isTrue();

        // the last ones leave: the engine ends within the grace plus 2 s and tidies its endpoint
        second.close();
        assertThat(relay.waitFor(WireClient.TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(relay.exitValue()).isZero();
        third.close();
        long left = System.nanoTime();
        assertThat(engine.waitFor(GRACE_MS + 2_000, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - left)).isGreaterThanOrEqualTo(GRACE_MS - 50);
        assertThat(engine.exitValue()).isZero();
        assertThat(data.resolve(EndpointRecord.FILE_NAME)).doesNotExist();
        assertThat(data.resolve(SocketPaths.SOCKET_NAME)).doesNotExist();

        // the next client starts an engine of its own
        Process next = server(data);
        WireClient again = over(next);
        assertThat(endpointPid(data)).isEqualTo(next.pid());
        assertThat(fileCount(again, wb)).isEqualTo(1);
        again.close();
        assertThat(next.waitFor(WireClient.TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(stderrOf(engine) + stderrOf(relay) + stderrOf(next)).isEmpty();
    }

    @Test
    void a_session_consent_belongs_to_the_client_that_granted_it_and_a_persisted_one_is_shared() throws Exception {
        Path data = tmp.resolve("data");
        Process engine = server(data);
        WireClient first = over(engine);
        String wb = first.call("WorkbenchCreate", null).get("workbench_id").getAsString();
        WireClient second = over(server(data));
        JsonObject status = first.call("EgressGetConsentStatus", params("workbench_id", wb));
        assertThat(status.get("consented").getAsBoolean()).isFalse();
        JsonObject grant = params("workbench_id", wb, "provider_id", status.get("provider_id").getAsString(),
                "model_id", status.get("model_id").getAsString(), "scope_hash",
                status.get("scope_hash").getAsString(), "persist", false);

        first.call("EgressGrantWorkshopConsent", grant);
        assertThat(first.call("EgressGetConsentStatus", params("workbench_id", wb)).get("consented").getAsBoolean())
                .isTrue();
        assertThat(second.call("EgressGetConsentStatus", params("workbench_id", wb)).get("consented").getAsBoolean())
                .as("another client's session consent").isFalse();

        grant.addProperty("persist", true);
        second.call("EgressGrantWorkshopConsent", grant);
        WireClient third = direct(data);
        for (WireClient c : List.of(first, second, third)) {
            JsonObject s = c.call("EgressGetConsentStatus", params("workbench_id", wb));
            assertThat(s.get("consented").getAsBoolean()).isTrue();
            assertThat(s.get("persisted").getAsBoolean()).isTrue();
        }
        third.call("EgressRevokeWorkshopConsent", params("workbench_id", wb));
        assertThat(first.call("EgressGetConsentStatus", params("workbench_id", wb)).get("consented").getAsBoolean())
                .as("a revoke ends every client's consent").isFalse();
        for (WireClient c : List.of(third, second, first)) {
            c.close();
        }
        assertThat(engine.waitFor(GRACE_MS + 2_000 + WireClient.TIMEOUT_S * 1000, TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void a_client_killed_mid_request_does_not_take_the_engine_down() throws Exception {
        Path data = tmp.resolve("data");
        Process engine = server(data);
        WireClient first = over(engine);
        String wb = first.call("WorkbenchCreate", null).get("workbench_id").getAsString();
        JsonArray many = paths(sampleFiles(200));

        Process relay = server(data);
        WireClient doomed = over(relay);
        doomed.send("WorkbenchFilesAdd", params("workbench_id", wb, "source_paths", many));
        relay.destroyForcibly();
        assertThat(relay.waitFor(WireClient.TIMEOUT_S, TimeUnit.SECONDS)).isTrue();

        SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX);
        raw.connect(UnixDomainSocketAddress.of(EndpointRecord.read(data).orElseThrow().socket()));
        WireClient cut = new WireClient(ChannelStreams.in(raw), ChannelStreams.out(raw)).handshake();
        cut.send("CheckpointsCreate", params("workbench_id", wb));
        raw.close();

        // the engine and its other client carry on; each request ran whole or not at all
        assertThat(engine.isAlive()).isTrue();
        int files = fileCount(first, wb);
        assertThat(files).isIn(0, 200);
        WireClient later = direct(data);
        assertThat(fileCount(later, wb)).isEqualTo(files);
        later.close();
        first.close();
        assertThat(engine.waitFor(GRACE_MS + 2_000 + WireClient.TIMEOUT_S * 1000, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(engine.exitValue()).isZero();
    }

    @Test
    void an_engine_killed_under_three_clients_is_reported_and_the_next_start_recovers() throws Exception {
        Path data = tmp.resolve("data");
        Process engine = server(data);
        WireClient first = over(engine);
        String wb = first.call("WorkbenchCreate", params("name", "kept")).get("workbench_id").getAsString();
        Process relayA = server(data);
        WireClient second = over(relayA);
        Process relayB = server(data);
        WireClient third = over(relayB);
        second.call("WorkbenchFilesAdd", params("workbench_id", wb, "source_paths", paths(sampleFiles(3))));
        String cp = third.call("CheckpointsCreate", params("workbench_id", wb)).get("checkpoint_id").getAsString();

        engine.destroyForcibly();
        assertThat(engine.waitFor(WireClient.TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        for (WireClient c : List.of(first, second, third)) {
            c.closed.get(WireClient.TIMEOUT_S, TimeUnit.SECONDS);
        }
        for (Process relay : List.of(relayA, relayB)) {
            assertThat(relay.waitFor(WireClient.TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(relay.exitValue()).isEqualTo(1);
            assertThat(stderrOf(relay)).contains("ended the connection unexpectedly").contains("next start");
        }
        assertThat(data.resolve(SocketPaths.SOCKET_NAME)).as("stale socket left by the kill").exists();

        Process next = server(data);
        WireClient recovered = over(next);
        assertThat(endpointPid(data)).isEqualTo(next.pid());
        assertThat(fileCount(recovered, wb)).isEqualTo(3);
        JsonArray checkpoints = recovered.call("CheckpointsList", params("workbench_id", wb))
                .getAsJsonArray("checkpoints");
        assertThat(checkpoints.toString()).contains(cp);
        recovered.close();
        assertThat(next.waitFor(WireClient.TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void another_os_user_cannot_connect() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeTrue(root && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root and setpriv to act as another user (documented in docs/protocol.md)");
        Path data = tmp.resolve("data");
        Process engine = server(data);
        WireClient first = over(engine);
        Path socket = EndpointRecord.read(data).orElseThrow().socket();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).as("a data dir it created")
                .isEqualTo("rwx------");

        Path probeDir = Files.createTempDirectory("trestle-probe");
        Files.setPosixFilePermissions(probeDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path probe = probeDir.resolve("Probe.java");
        Files.writeString(probe, """
                import java.net.*; import java.nio.*; import java.nio.channels.*;
                public class Probe { public static void main(String[] a) {
                  SocketChannel c;
                  try {
                    c = SocketChannel.open(StandardProtocolFamily.UNIX);
                    c.connect(UnixDomainSocketAddress.of(a[0]));
                  } catch (Exception e) { System.out.println("DENIED " + e.getMessage()); return; }
                  try (c) {
                    byte[] body = "{\\"jsonrpc\\":\\"2.0\\",\\"id\\":1,\\"method\\":\\"EngineGetInfo\\"}".getBytes();
                    c.write(ByteBuffer.wrap(("Content-Length: " + body.length + "\\r\\n\\r\\n").getBytes()));
                    c.write(ByteBuffer.wrap(body));
                    System.out.println(c.read(ByteBuffer.allocate(4096)) < 0 ? "CLOSED" : "ANSWERED");
                  } catch (Exception e) { System.out.println("CLOSED"); }
                }}
                """);
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rw-r--r--"));

        // file permissions: the owner-only socket refuses another user outright
        assertThat(asNobody(probe, socket)).startsWith("DENIED");
        // with the permissions opened up by mistake, the peer credential check still refuses the connection
        for (Path p = socket.getParent(); p != null && p.startsWith(tmp); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
        }
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(asNobody(probe, socket)).isEqualTo("CLOSED");
        assertThat(engine.isAlive()).isTrue();
        assertThat(first.call("WorkbenchList", null).has("workbenches")).isTrue();
        first.close();
    }

    private static String asNobody(Path probe, Path socket) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData", probe.toString(), socket.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(WireClient.TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }
}
