package dev.trestle.server.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JVM options the engine jar publishes for its launchers ({@code jvm-options.txt} beside this class, also printed
 * by {@code trestle-server --print-jvm-options}): the CLI reads them from here, the VS Code extension's copy is
 * checked against the file by its unit tests, so the launchers cannot drift apart.
 */
public final class EngineJvmOptions {
    private static final List<String> OPTIONS = load();

    private EngineJvmOptions() {
    }

    /** The options, in order. */
    public static List<String> list() {
        return OPTIONS;
    }

    private static List<String> load() {
        try (InputStream in = EngineJvmOptions.class.getResourceAsStream("jvm-options.txt")) {
            if (in == null) {
                throw new IllegalStateException("jvm-options.txt missing from the engine jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
