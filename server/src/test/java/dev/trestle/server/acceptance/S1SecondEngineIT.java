package dev.trestle.server.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.trestle.adapters.system.EngineLock;
import dev.trestle.server.rpc.Frames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S1 with issue 12: a second server on the same data dir relays to the first (which serves on); only when the lock is
 * held and nothing answers on the endpoint (a hung engine) does it write one stderr line, exit 3 and change nothing.
 */
class S1SecondEngineIT {
    private static final long TIMEOUT_S = 60;

    @TempDir
    Path tmp;

    private static ProcessBuilder engine(Path dataDir) {
        String jar = System.getProperty("trestle.server.jar");
        assertThat(jar).as("trestle.server.jar system property").isNotNull();
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
                "--data-dir", dataDir.toString(), "--stdio");
    }

    private static void send(OutputStream out, int id, String method) throws IOException {
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":{}}")
                .getBytes(StandardCharsets.UTF_8);
        out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static JsonObject readFrame(InputStream in) throws IOException {
        return Frames.read(in);
    }

    private static JsonObject call(Process p, int id, String method) throws Exception {
        send(p.getOutputStream(), id, method);
        CompletableFuture<JsonObject> answer = CompletableFuture.supplyAsync(() -> {
            try {
                while (true) {
                    JsonObject f = readFrame(p.getInputStream());
                    if (f.has("id") && f.get("id").getAsInt() == id) {
                        return f;
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return answer.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private static Map<String, String> state(Path dataDir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (var s = Files.walk(dataDir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = dataDir.relativize(p).toString();
                // never open engine.lock: closing any descriptor of it drops this process's POSIX lock
                if (!rel.startsWith("logs") && !rel.equals("engine.lock")) {
                    out.put(rel, A2Fixtures.sha256(Files.readAllBytes(p)));
                }
            }
        }
        return out;
    }

    @Test
    void a_second_server_relays_to_the_first_engine_and_changes_nothing_itself() throws Exception {
        Path dataDir = tmp.resolve("data");
        Process first = engine(dataDir).redirectError(tmp.resolve("first.err").toFile()).start();
        try {
            JsonObject info = call(first, 1, "EngineGetInfo");
            assertThat(info.getAsJsonObject("result").get("api_version").getAsString()).isEqualTo("1");
            assertThat(call(first, 2, "WorkbenchCreate").has("result")).isTrue();

            Process second = engine(dataDir).redirectError(tmp.resolve("second.err").toFile()).start();
            JsonObject list = call(second, 1, "WorkbenchList");
            assertThat(list.getAsJsonObject("result").getAsJsonArray("workbenches")).hasSize(1);
            Map<String, String> before = state(dataDir);
            second.getOutputStream().close();
            assertThat(second.waitFor(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isZero();
            assertThat(Files.readString(tmp.resolve("second.err"))).isEmpty();
            assertThat(state(dataDir)).isEqualTo(before);
            assertThat(first.isAlive()).isTrue();
            assertThat(call(first, 3, "WorkbenchList").getAsJsonObject("result").getAsJsonArray("workbenches"))
                    .hasSize(1);
        } finally {
            first.getOutputStream().close();
            if (!first.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                first.destroyForcibly();
            }
        }
        assertThat(first.exitValue()).isZero();
    }

    @Test
    void a_held_lock_whose_engine_does_not_answer_exits_3_with_one_line_and_changes_nothing() throws Exception {
        Path dataDir = tmp.resolve("data");
        Files.createDirectories(dataDir);
        try (EngineLock hung = EngineLock.tryAcquire(dataDir).orElseThrow()) {
            Map<String, String> before = state(dataDir);
            ProcessBuilder pb = engine(dataDir);
            pb.environment().put("TRESTLE_RELAY_WAIT_MS", "300");
            Process second = pb.start();
            second.getOutputStream().close();
            assertThat(second.waitFor(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            String stderr = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.exitValue()).isEqualTo(3);
            assertThat(stderr.lines().toList()).singleElement().asString().contains("does not answer")
                    .contains("end that process");
            assertThat(second.getInputStream().readAllBytes()).isEmpty();
            assertThat(state(dataDir)).isEqualTo(before);
            assertThat(hung.isHeld()).isTrue();
        }
    }
}
