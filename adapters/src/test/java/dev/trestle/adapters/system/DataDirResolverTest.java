package dev.trestle.adapters.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DataDirResolverTest {
    private final FileSystem unix = Jimfs.newFileSystem(Configuration.unix());
    private final FileSystem windows = Jimfs.newFileSystem(Configuration.windows());

    @AfterEach
    void close() throws IOException {
        unix.close();
        windows.close();
    }

    private Path linux(String arg, Map<String, String> env) {
        return DataDirResolver.resolve(arg, env, "Linux", "/home/ann", unix);
    }

    @Test
    void the_argument_wins_over_everything() {
        assertThat(linux("/srv/t", Map.of("TRESTLE_DATA_DIR", "/env/t", "XDG_CONFIG_HOME", "/xdg")))
                .isEqualTo(unix.getPath("/srv/t"));
    }

    @Test
    void then_the_environment_variable() {
        assertThat(linux(null, Map.of("TRESTLE_DATA_DIR", "/env/t", "XDG_CONFIG_HOME", "/xdg")))
                .isEqualTo(unix.getPath("/env/t"));
        assertThat(linux("  ", Map.of("TRESTLE_DATA_DIR", "/env/t"))).isEqualTo(unix.getPath("/env/t"));
    }

    @Test
    void then_xdg_config_home_plus_trestle() {
        assertThat(linux(null, Map.of("XDG_CONFIG_HOME", "/xdg"))).isEqualTo(unix.getPath("/xdg/trestle"));
    }

    @Test
    void a_relative_or_blank_xdg_config_home_is_ignored() {
        assertThat(linux(null, Map.of("XDG_CONFIG_HOME", "rel/xdg"))).isEqualTo(unix.getPath("/home/ann/.config/trestle"));
        assertThat(linux(null, Map.of("XDG_CONFIG_HOME", "", "TRESTLE_DATA_DIR", "")))
                .isEqualTo(unix.getPath("/home/ann/.config/trestle"));
    }

    @Test
    void else_dot_config_in_the_home() {
        assertThat(linux(null, Map.of())).isEqualTo(unix.getPath("/home/ann/.config/trestle"));
    }

    @Test
    void macos_uses_application_support() {
        assertThat(DataDirResolver.resolve(null, Map.of("XDG_CONFIG_HOME", "/xdg"), "Mac OS X", "/Users/ann", unix))
                .isEqualTo(unix.getPath("/Users/ann/Library/Application Support/trestle"));
    }

    @Test
    void windows_uses_appdata() {
        assertThat(DataDirResolver.resolve(null, Map.of("APPDATA", "C:\\Users\\ann\\AppData\\Roaming"),
                "Windows 11", "C:\\Users\\ann", windows))
                .isEqualTo(windows.getPath("C:\\Users\\ann\\AppData\\Roaming\\trestle"));
        assertThat(DataDirResolver.resolve(null, Map.of(), "Windows 11", "C:\\Users\\ann", windows))
                .isEqualTo(windows.getPath("C:\\Users\\ann\\AppData\\Roaming\\trestle"));
    }

    @Test
    void results_are_absolute_and_normalized() {
        Path p = linux("relative/../data", Map.of());
        assertThat(p.isAbsolute()).isTrue();
        assertThat(p).isEqualTo(unix.getPath("/work/data"));
    }

    @Test
    void the_process_variant_gives_an_absolute_path() {
        assertThat(DataDirResolver.resolve("some-dir").isAbsolute()).isTrue();
    }
}
