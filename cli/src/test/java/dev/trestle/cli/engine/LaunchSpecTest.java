package dev.trestle.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchSpecTest {

    @Test
    void the_engine_jvm_is_lean_and_logs_jvm_warnings_to_stderr_never_to_the_protocol_stream() {
        LaunchSpec spec = new LaunchSpec("/nowhere/trestle-server.jar", LaunchSpec.MAIN_CLASS, "test",
                Path.of("/tmp/data"), true);
        List<String> cmd = spec.command("java");
        assertThat(cmd.get(0)).isEqualTo("java");
        assertThat(cmd).contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xlog:disable",
                "-Xlog:all=warning:stderr");
        assertThat(cmd.indexOf("-Xlog:disable")).isLessThan(cmd.indexOf("-Xlog:all=warning:stderr"));
        assertThat(cmd.subList(cmd.indexOf("-cp"), cmd.size())).containsExactly("-cp", "/nowhere/trestle-server.jar",
                LaunchSpec.MAIN_CLASS, "--data-dir", Path.of("/tmp/data").toAbsolutePath().toString(),
                "--allow-custom-endpoints", "--idle-grace-ms", "0");
    }

    @Test
    void a_missing_jar_has_no_archive_so_the_engine_starts_without_one() {
        assertThat(LaunchSpecCds.usableArchive("/nowhere/trestle-server.jar")).isEmpty();
        assertThat(new LaunchSpec("/nowhere/trestle-server.jar", LaunchSpec.MAIN_CLASS, "test", null, false)
                .command("java")).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
    }
}
