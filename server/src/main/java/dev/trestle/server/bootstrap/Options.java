package dev.trestle.server.bootstrap;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Engine start options.
 *
 * @param dataDir              the resolved {@code <data_dir>} ({@code storage.md} §1)
 * @param allowCustomEndpoints honour {@code settings.json} provider endpoints ({@code algorithms.md} §5.1)
 */
public record Options(Path dataDir, boolean allowCustomEndpoints) {
    public Options {
        Objects.requireNonNull(dataDir, "dataDir");
    }
}
