package dev.trestle.adapters.system;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Finds {@code <data_dir>} ({@code storage.md} §1): the {@code --data-dir} argument, else {@code TRESTLE_DATA_DIR},
 * else the user config directory plus {@code trestle} ({@code $XDG_CONFIG_HOME} or {@code ~/.config};
 * {@code ~/Library/Application Support} on macOS; {@code %APPDATA%} on Windows). Environment and OS are parameters so
 * every branch is testable.
 */
public final class DataDirResolver {
    public static final String ENV_DATA_DIR = "TRESTLE_DATA_DIR";
    static final String APP = "trestle";

    private DataDirResolver() {
    }

    /** For this process: its environment, {@code os.name} and {@code user.home}, on the default file system. */
    public static Path resolve(String dataDirArgument) {
        return resolve(dataDirArgument, System.getenv(), System.getProperty("os.name", ""),
                System.getProperty("user.home", ""), FileSystems.getDefault());
    }

    /**
     * @param dataDirArgument the {@code --data-dir} value, or {@code null}
     * @return an absolute, normalized path (not created)
     */
    public static Path resolve(String dataDirArgument, Map<String, String> env, String osName, String userHome,
                               FileSystem fs) {
        if (present(dataDirArgument)) {
            return absolute(fs.getPath(dataDirArgument));
        }
        String fromEnv = env.get(ENV_DATA_DIR);
        if (present(fromEnv)) {
            return absolute(fs.getPath(fromEnv));
        }
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            Path base = present(appData) ? fs.getPath(appData) : fs.getPath(userHome, "AppData", "Roaming");
            return absolute(base.resolve(APP));
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return absolute(fs.getPath(userHome, "Library", "Application Support", APP));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        // The XDG spec ignores a relative XDG_CONFIG_HOME.
        if (present(xdg) && fs.getPath(xdg).isAbsolute()) {
            return absolute(fs.getPath(xdg, APP));
        }
        return absolute(fs.getPath(userHome, ".config", APP));
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
