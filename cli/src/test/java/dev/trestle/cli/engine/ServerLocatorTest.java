package dev.trestle.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.cli.base.CliException;
import dev.trestle.cli.base.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerLocatorTest {
    @TempDir
    Path dir;

    private Path file(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "jar");
    }

    @Test
    void explicit_jar_wins_over_environment_and_sibling() throws Exception {
        Path explicit = file("explicit.jar");
        Path env = file("env.jar");
        Path cli = file("trestle.jar");
        file("trestle-server.jar");
        LaunchSpec spec = ServerLocator.locate(explicit, Map.of("TRESTLE_SERVER_JAR", env.toString()), cli, "cp");
        assertThat(spec.classPath()).isEqualTo(explicit.toAbsolutePath().toString());
    }

    @Test
    void environment_wins_over_the_sibling_jar() throws Exception {
        Path env = file("env.jar");
        Path cli = file("trestle.jar");
        file("trestle-server.jar");
        assertThat(ServerLocator.locate(null, Map.of("TRESTLE_SERVER_JAR", env.toString()), cli, "cp").classPath())
                .isEqualTo(env.toAbsolutePath().toString());
    }

    @Test
    void sibling_server_jar_is_used_before_the_cli_jar_itself() throws Exception {
        Path cli = file("trestle.jar");
        Path sibling = file("trestle-server.jar");
        assertThat(ServerLocator.locate(null, Map.of(), cli, "cp").classPath())
                .isEqualTo(sibling.toAbsolutePath().toString());
    }

    @Test
    void the_cli_jar_hosts_the_engine_when_nothing_else_is_found() throws Exception {
        Path cli = file("trestle.jar");
        LaunchSpec spec = ServerLocator.locate(null, Map.of(), cli, "cp");
        assertThat(spec.classPath()).isEqualTo(cli.toAbsolutePath().toString());
        assertThat(spec.mainClass()).isEqualTo("dev.trestle.server.bootstrap.Main");
    }

    @Test
    void a_missing_explicit_jar_is_reported_as_engine_unavailable() {
        assertThatThrownBy(() -> ServerLocator.locate(dir.resolve("nope.jar"), Map.of(), null, "cp"))
                .isInstanceOf(CliException.class)
                .extracting(e -> ((CliException) e).exitCode()).isEqualTo(ExitCodes.ENGINE_UNAVAILABLE);
    }

    @Test
    void launch_command_starts_a_quick_jvm_with_the_engine_arguments() {
        LaunchSpec spec = new LaunchSpec("/x/trestle.jar", LaunchSpec.MAIN_CLASS, "test", null, false)
                .with(Path.of("/data"), true);
        assertThat(spec.command("java")).startsWith("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
                .endsWith("-cp", "/x/trestle.jar", "dev.trestle.server.bootstrap.Main", "--data-dir",
                Path.of("/data").toAbsolutePath().toString(), "--allow-custom-endpoints", "--idle-grace-ms", "0");
    }
}
