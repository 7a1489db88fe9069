package dev.trestle.server.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged jar as a real process: version, argument errors and exit codes. */
class ServerProcessIT {
    private static final long TIMEOUT_S = 60;

    private record Outcome(int code, String stdout, String stderr) {
    }

    private static Outcome run(String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("trestle.server.jar");
        assertThat(jar).as("trestle.server.jar system property").isNotNull();
        assertThat(Path.of(jar)).exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
        return new Outcome(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void version_prints_one_line_and_exits_0() throws Exception {
        Outcome o = run("--version");
        assertThat(o.code()).isZero();
        assertThat(o.stdout()).startsWith("trestle ").doesNotContain("${");
    }

    @Test
    void an_unknown_argument_exits_2_with_one_stderr_line_and_a_clean_stdout() throws Exception {
        Outcome o = run("--no-such-flag");
        assertThat(o.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(o.stderr().lines()).hasSize(1);
        assertThat(o.stdout()).isEmpty();
    }

    @Test
    void a_start_failure_exits_1_without_writing_to_stdout() throws Exception {
        Path dataDir = Files.createTempDirectory("trestle-it");
        Outcome o;
        try {
            o = run("--data-dir", dataDir.toString(), "--stdio");
        } finally {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
            }
        }
        // with the real composition root wired this becomes a serving engine; until then it cannot start
        if (o.code() != Main.EXIT_OK) {
            assertThat(o.code()).isEqualTo(Main.EXIT_FAILURE);
            assertThat(o.stderr().lines()).hasSize(1);
        }
        assertThat(o.stdout()).isEmpty();
    }
}
