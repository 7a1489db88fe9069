package dev.trestle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded {@code cli/target/trestle.jar} as a process, as a user would, against the real engine it contains.
 *
 * <p>The jar must exist and contain the engine ({@code dev.trestle.server.bootstrap.Main}); if the build drops
 * either, every test here fails (never skips) with that message.
 */
class CliJarIT {
    private static Path jar;

    @TempDir
    Path dir;

    @BeforeAll
    static void findJar() throws IOException {
        String property = System.getProperty("trestle.cli.jar");
        assertThat(property).as("trestle.cli.jar (run through failsafe: mvn -pl cli -am verify)").isNotNull();
        jar = Path.of(property);
        assertThat(jar).as("the shaded CLI jar").isRegularFile();
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getEntry("dev/trestle/server/bootstrap/Main.class"))
                    .as("the CLI jar contains the engine (server.bootstrap.Main)").isNotNull();
        }
    }

    /** Result of one CLI run. */
    record Run(int exit, String out, String err) {
    }

    private Run trestle(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("TRESTLE_SERVER_JAR");
        pb.environment().remove("TRESTLE_DATA_DIR");
        Path outFile = dir.resolve("out.txt");
        Path errFile = dir.resolve("err.txt");
        pb.redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("trestle " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(outFile), Files.readString(errFile));
    }

    @Test
    void the_tour_runs_every_step_and_exits_zero() throws Exception {
        Run run = trestle("", "tour");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Tour complete");
    }

    @Test
    void set_key_reads_the_key_from_stdin_and_never_shows_or_stores_it_in_clear() throws Exception {
        Path data = dir.resolve("data");
        String key = "sk-it-0123456789-abcdef";
        Run set = trestle(key + "\n", "--data-dir", data.toString(), "providers", "set-key", "mistral");
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out() + set.err()).doesNotContain(key);

        Run status = trestle("", "--data-dir", data.toString(), "--json", "providers", "status");
        assertThat(status.exit()).as(status.err()).isZero();
        JsonObject mistral = JsonParser.parseString(status.out()).getAsJsonObject().getAsJsonArray("providers")
                .asList().stream().map(e -> e.getAsJsonObject())
                .filter(p -> p.get("provider_id").getAsString().equals("mistral")).findFirst().orElseThrow();
        assertThat(mistral.get("configured").getAsBoolean()).isTrue();
        assertThat(status.out()).doesNotContain(key);

        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain(key);
            }
        }
    }

    @Test
    void an_unknown_workbench_id_exits_with_the_validation_code_and_a_structured_message() throws Exception {
        Run run = trestle("", "--data-dir", dir.resolve("data").toString(), "workbench", "open", "01NOSUCHWORKBENCH");
        assertThat(run.exit()).isEqualTo(10);
        assertThat(run.err()).contains("error: VALIDATION_FAILED (unknown_workbench");
    }

    /**
     * Compare, per-file restore and pin through the CLI jar and the real engine process it starts: a changed file is
     * listed by {@code checkpoints diff}, {@code restore --path} brings back only that file, and the pin shows in
     * {@code checkpoints list}.
     */
    @Test
    void diff_restore_one_file_and_pin_through_the_real_engine() throws Exception {
        Path data = dir.resolve("data");
        String d = data.toString();
        Path notes = Files.writeString(dir.resolve("notes.txt"), "first notes\n");
        Path other = Files.writeString(dir.resolve("other.md"), "# other\n");
        Run created = trestle("", "--data-dir", d, "--json", "workbench", "create", "Compare");
        String wb = JsonParser.parseString(created.out()).getAsJsonObject().get("workbench_id").getAsString();
        assertThat(trestle("", "--data-dir", d, "files", "add", wb, notes.toString(), other.toString()).exit())
                .isZero();
        Run cp = trestle("", "--data-dir", d, "--json", "checkpoints", "create", wb, "-m", "first");
        String c1 = JsonParser.parseString(cp.out()).getAsJsonObject().get("checkpoint_id").getAsString();
        Files.writeString(notes, "second notes, longer\n");
        assertThat(trestle("", "--data-dir", d, "files", "remove", wb, "notes.txt", "other.md").exit()).isZero();
        assertThat(trestle("", "--data-dir", d, "files", "add", wb, notes.toString()).exit()).isZero();

        Run diff = trestle("", "--data-dir", d, "checkpoints", "diff", wb, c1);
        assertThat(diff.exit()).as(diff.err()).isZero();
        assertThat(diff.out()).contains("changed", "notes.txt", "removed", "other.md",
                "0 added, 1 removed, 1 changed, 0 unchanged");

        Run restore = trestle("", "--data-dir", d, "checkpoints", "restore", wb, c1, "--path", "NOTES.TXT");
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("restored notes.txt from " + c1);
        Run files = trestle("", "--data-dir", d, "--json", "files", "list", wb);
        assertThat(files.out()).contains("notes.txt").doesNotContain("other.md");
        Run after = trestle("", "--data-dir", d, "--json", "checkpoints", "diff", wb, c1);
        JsonObject left = JsonParser.parseString(after.out()).getAsJsonObject();
        assertThat(left.getAsJsonArray("changed")).isEmpty();
        assertThat(left.getAsJsonArray("removed")).hasSize(1);

        Run missing = trestle("", "--data-dir", d, "checkpoints", "restore", wb, c1, "--path", "nope.txt");
        assertThat(missing.exit()).isEqualTo(10);
        assertThat(missing.err()).contains("unknown_path: nope.txt");

        assertThat(trestle("", "--data-dir", d, "checkpoints", "pin", wb, c1).out()).contains("pinned " + c1);
        Run list = trestle("", "--data-dir", d, "checkpoints", "list", wb);
        assertThat(list.out()).contains("pinned", "on disk");
    }

    @Test
    void json_mode_returns_results_a_script_can_parse() throws Exception {
        Path data = dir.resolve("data");
        Run created = trestle("", "--data-dir", data.toString(), "--json", "workbench", "create", "Scripted");
        assertThat(created.exit()).as(created.err()).isZero();
        String id = JsonParser.parseString(created.out()).getAsJsonObject().get("workbench_id").getAsString();
        Run list = trestle("", "workbench", "list", "--json", "--data-dir", data.toString());
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(JsonParser.parseString(list.out()).getAsJsonObject().getAsJsonArray("workbenches").get(0)
                .getAsJsonObject().get("id").getAsString()).isEqualTo(id);
    }

    @Test
    void a_command_on_a_data_dir_in_use_joins_that_engine_and_a_declined_consent_exits_thirteen() throws Exception {
        Path data = dir.resolve("data");
        String wb = JsonParser.parseString(trestle("", "--data-dir", data.toString(), "--json", "workbench", "create")
                .out()).getAsJsonObject().get("workbench_id").getAsString();
        assertThat(trestle("dummy-key-no-network\n", "--data-dir", data.toString(), "providers", "set-key",
                "openai").exit()).isZero();
        assertThat(trestle("", "--data-dir", data.toString(), "models", "use", wb, "openai:gpt-5.2").exit()).isZero();

        // chat stops at the consent prompt (no consent yet), its engine holding the data dir lock; another command
        // connects to that engine instead of failing
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "--data-dir", data.toString(), "chat", wb, "hello");
        Process chat = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        java.util.concurrent.CountDownLatch prompted = new java.util.concurrent.CountDownLatch(1);
        StringBuilder chatErr = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (var in = new java.io.InputStreamReader(chat.getErrorStream(), StandardCharsets.UTF_8)) {
                int c;
                while ((c = in.read()) >= 0) {
                    synchronized (chatErr) {
                        chatErr.append((char) c);
                        if (chatErr.indexOf("Send? [y/N]") >= 0) {
                            prompted.countDown();
                        }
                    }
                }
            } catch (IOException e) {
                // process ended
            }
            prompted.countDown();
        });
        reader.start();
        try {
            assertThat(prompted.await(5, TimeUnit.MINUTES)).isTrue();
            synchronized (chatErr) {
                assertThat(chatErr.toString()).contains("Send? [y/N]").contains("api.openai.com");
            }

            Run second = trestle("", "--data-dir", data.toString(), "--json", "workbench", "list");
            assertThat(second.exit()).as(second.err()).isZero();
            assertThat(second.out()).contains(wb);
        } finally {
            chat.getOutputStream().close(); // end of input = "no"
            assertThat(chat.waitFor(5, TimeUnit.MINUTES)).isTrue();
            reader.join();
        }
        assertThat(chat.exitValue()).isEqualTo(13);
        synchronized (chatErr) {
            assertThat(chatErr.toString()).contains("consent declined");
        }
    }

    @Test
    void with_an_editor_engine_running_the_cli_joins_it_and_the_editor_sees_the_change() throws Exception {
        Path data = dir.resolve("data");
        Path notes = Files.writeString(dir.resolve("notes.md"), "# plan\nbuy seeds\n");
        Process editor = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar.toString(), "dev.trestle.server.bootstrap.Main", "--data-dir", data.toString(), "--stdio",
                "--idle-grace-ms", "0").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            RawClient client = new RawClient(editor);
            String wb = client.call("WorkbenchCreate").get("workbench_id").getAsString();
            Run add = trestle("", "--data-dir", data.toString(), "files", "add", wb, notes.toString());
            assertThat(add.exit()).as(add.err()).isZero();
            JsonObject changed = client.awaitNotification("WorkbenchFilesChanged");
            assertThat(changed.get("workbench_id").getAsString()).isEqualTo(wb);
            assertThat(changed.getAsJsonArray("added").toString()).contains("notes.md");
            assertThat(client.awaitNotification("WorkbenchClutterChanged").get("workbench_id").getAsString())
                    .isEqualTo(wb);
            assertThat(Files.readString(data.resolve("logs/engine.log")))
                    .as("the CLI connected to the running engine rather than starting its own")
                    .contains("\"kind\":\"socket\"");
            assertThat(editor.isAlive()).isTrue();
        } finally {
            editor.getOutputStream().close();
            assertThat(editor.waitFor(1, TimeUnit.MINUTES)).isTrue();
        }
    }

    /** The editor's side: raw LSP frames over the engine's stdio. */
    private static final class RawClient {
        private final Process p;
        private final java.util.List<JsonObject> early = new ArrayList<>();
        private int ids;

        RawClient(Process p) {
            this.p = p;
        }

        JsonObject call(String method) throws IOException {
            int id = ++ids;
            byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":{}}")
                    .getBytes(StandardCharsets.UTF_8);
            p.getOutputStream().write(("Content-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().write(body);
            p.getOutputStream().flush();
            while (true) {
                JsonObject f = read();
                if (f.has("id") && f.get("id").getAsInt() == id) {
                    return f.getAsJsonObject("result");
                }
                early.add(f);
            }
        }

        JsonObject awaitNotification(String method) throws IOException {
            for (JsonObject f : early) {
                if (method.equals(f.has("method") ? f.get("method").getAsString() : null)) {
                    early.remove(f);
                    return f.getAsJsonObject("params");
                }
            }
            while (true) {
                JsonObject f = read();
                if (f.has("method") && method.equals(f.get("method").getAsString())) {
                    return f.getAsJsonObject("params");
                }
            }
        }

        private JsonObject read() throws IOException {
            var in = p.getInputStream();
            int length = -1;
            while (true) {
                StringBuilder line = new StringBuilder();
                int c;
                while ((c = in.read()) != '\n') {
                    if (c < 0) {
                        throw new IOException("engine closed stdout");
                    }
                    if (c != '\r') {
                        line.append((char) c);
                    }
                }
                if (line.length() == 0) {
                    break;
                }
                if (line.toString().startsWith("Content-Length:")) {
                    length = Integer.parseInt(line.substring("Content-Length:".length()).trim());
                }
            }
            return JsonParser.parseString(new String(in.readNBytes(length), StandardCharsets.UTF_8))
                    .getAsJsonObject();
        }
    }
}
