package dev.trestle.cli.engine;

import dev.trestle.server.rpc.EngineJvmOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start the engine: the class path entry holding {@code dev.trestle.server.bootstrap.Main}, where it was
 * found (for messages), and the engine arguments.
 *
 * @param classPath     jar (or class path) that contains the engine
 * @param mainClass     the engine's main class ({@link #MAIN_CLASS}; tests substitute a fake engine)
 * @param origin        human description of how it was found
 * @param dataDir       {@code --data-dir}, or null to let the engine choose ({@code TRESTLE_DATA_DIR} or the default)
 * @param allowCustomEndpoints pass {@code --allow-custom-endpoints}
 */
public record LaunchSpec(String classPath, String mainClass, String origin, Path dataDir, boolean allowCustomEndpoints) {
    /** The engine's main class, started with {@code -cp} so the CLI's own jar can host it too. */
    public static final String MAIN_CLASS = "dev.trestle.server.bootstrap.Main";

    public LaunchSpec {
        Objects.requireNonNull(classPath, "classPath");
        Objects.requireNonNull(mainClass, "mainClass");
        Objects.requireNonNull(origin, "origin");
    }

    /** The same engine with another data dir and endpoint flag (the tour uses a private data dir). */
    public LaunchSpec with(Path newDataDir, boolean allowCustom) {
        return new LaunchSpec(classPath, mainClass, origin, newDataDir, allowCustom);
    }

    /**
     * JVM options for a small, quick-starting engine: the ones the engine jar publishes ({@link EngineJvmOptions},
     * measured in {@code docs/performance.md}), the same the VS Code extension uses.
     */
    public static final List<String> JVM_OPTIONS = EngineJvmOptions.list();

    /** The full command line: a quick-starting JVM running the engine over stdio (with its AppCDS archive if any). */
    public List<String> command(String javaExecutable) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable);
        cmd.addAll(JVM_OPTIONS);
        LaunchSpecCds.usableArchive(classPath).ifPresent(a -> cmd.add("-XX:SharedArchiveFile=" + a));
        cmd.addAll(List.of("-cp", classPath, mainClass));
        if (dataDir != null) {
            cmd.add("--data-dir");
            cmd.add(dataDir.toAbsolutePath().toString());
        }
        if (allowCustomEndpoints) {
            cmd.add("--allow-custom-endpoints");
        }
        // the CLI's own engine ends as soon as no client is left (an editor that joined it keeps it running)
        cmd.add("--idle-grace-ms");
        cmd.add("0");
        return cmd;
    }
}
