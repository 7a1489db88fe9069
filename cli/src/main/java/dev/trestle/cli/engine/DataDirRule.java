package dev.trestle.cli.engine;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Which data dir the engine will use, so the CLI can look for the endpoint of an engine already running there. The
 * engine's own rule lives in its {@code adapters.system.DataDirResolver}, which the CLI may not import (it is a client
 * of the protocol only); {@code DataDirRuleTest} holds the two to the same answers.
 */
final class DataDirRule {
    private DataDirRule() {
    }

    /**
     * The data dir the engine would use: {@code --data-dir}, else {@code TRESTLE_DATA_DIR}, else the user config dir
     * plus {@code trestle} (the engine's rule, {@code storage.md} §1).
     */
    static Path dataDir(Path argument, Map<String, String> env) {
        if (argument != null) {
            return argument.toAbsolutePath().normalize();
        }
        String fromEnv = env.get("TRESTLE_DATA_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath().normalize();
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String home = System.getProperty("user.home", "");
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            Path base = appData != null && !appData.isBlank() ? Path.of(appData) : Path.of(home, "AppData", "Roaming");
            return base.resolve("trestle").toAbsolutePath().normalize();
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return Path.of(home, "Library", "Application Support", "trestle").toAbsolutePath().normalize();
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "trestle").toAbsolutePath().normalize();
        }
        return Path.of(home, ".config", "trestle").toAbsolutePath().normalize();
    }
}
