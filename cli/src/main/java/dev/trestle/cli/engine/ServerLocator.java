package dev.trestle.cli.engine;

import dev.trestle.cli.base.CliException;
import dev.trestle.cli.base.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the engine, first match wins: {@code --server-jar}, env {@code TRESTLE_SERVER_JAR},
 * {@code trestle-server.jar} next to the CLI jar, else the CLI's own jar (the shaded CLI contains the engine).
 */
public final class ServerLocator {
    /** Environment variable naming the engine jar. */
    public static final String ENV_SERVER_JAR = "TRESTLE_SERVER_JAR";
    /** File name looked for next to the CLI jar. */
    public static final String SIBLING_JAR = "trestle-server.jar";

    private ServerLocator() {
    }

    /**
     * Resolves where the engine lives; the returned spec has no data dir and no endpoint flag yet
     * ({@link LaunchSpec#with}).
     *
     * @param explicitJar  {@code --server-jar}, or null
     * @param env          the process environment
     * @param ownLocation  the CLI's jar (or classes directory when run from a build), may be null
     * @param ownClassPath the CLI's class path ({@code java.class.path}), used when not running from a jar
     */
    public static LaunchSpec locate(Path explicitJar, Map<String, String> env, Path ownLocation, String ownClassPath)
            throws CliException {
        if (explicitJar != null) {
            return spec(requireFile(explicitJar, "--server-jar"), "--server-jar");
        }
        String fromEnv = env.get(ENV_SERVER_JAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return spec(requireFile(Path.of(fromEnv.trim()), ENV_SERVER_JAR), ENV_SERVER_JAR);
        }
        if (ownLocation != null && Files.isRegularFile(ownLocation)) {
            Path sibling = ownLocation.toAbsolutePath().resolveSibling(SIBLING_JAR);
            if (Files.isRegularFile(sibling)) {
                return spec(sibling.toString(), SIBLING_JAR + " next to the CLI jar");
            }
            return spec(ownLocation.toAbsolutePath().toString(), "the CLI jar");
        }
        if (ownClassPath != null && !ownClassPath.isBlank()) {
            return spec(ownClassPath, "the CLI class path");
        }
        throw new CliException(ExitCodes.ENGINE_UNAVAILABLE,
                "cannot find the engine: pass --server-jar PATH or set " + ENV_SERVER_JAR);
    }

    private static LaunchSpec spec(String classPath, String origin) {
        return new LaunchSpec(classPath, LaunchSpec.MAIN_CLASS, origin, null, false);
    }

    private static String requireFile(Path jar, String source) throws CliException {
        if (!Files.isRegularFile(jar)) {
            throw new CliException(ExitCodes.ENGINE_UNAVAILABLE,
                    "engine jar from " + source + " is not a readable file: " + jar);
        }
        return jar.toAbsolutePath().toString();
    }
}
