package dev.trestle.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.adapters.system.DataDirResolver;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CLI finds a running engine through the data dir that engine uses; the CLI cannot import the engine's resolver
 * (it is a client of the protocol), so this test holds the two rules to the same answers on this machine.
 */
class DataDirRuleTest {
    @Test
    void the_cli_resolves_the_data_dir_as_the_engine_does() {
        List<Map<String, String>> environments = List.of(Map.of(), Map.of("TRESTLE_DATA_DIR", "/env/t"),
                Map.of("TRESTLE_DATA_DIR", "rel/t"), Map.of("TRESTLE_DATA_DIR", " "),
                Map.of("XDG_CONFIG_HOME", "/xdg"), Map.of("XDG_CONFIG_HOME", "rel/xdg"),
                Map.of("XDG_CONFIG_HOME", "/xdg", "TRESTLE_DATA_DIR", "/env/t"), Map.of("APPDATA", "/appdata"));
        for (Map<String, String> env : environments) {
            Path engine = DataDirResolver.resolve(null, env, System.getProperty("os.name", ""),
                    System.getProperty("user.home", ""), FileSystems.getDefault());
            assertThat(DataDirRule.dataDir(null, env)).as("env %s", env).isEqualTo(engine);
        }
        Path argument = Path.of("some", "dir");
        assertThat(DataDirRule.dataDir(argument, Map.of("TRESTLE_DATA_DIR", "/env/t")))
                .isEqualTo(DataDirResolver.resolve(argument.toString(), Map.of("TRESTLE_DATA_DIR", "/env/t"),
                        System.getProperty("os.name", ""), System.getProperty("user.home", ""),
                        FileSystems.getDefault()));
    }
}
