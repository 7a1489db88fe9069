package dev.trestle.domain.model;

/** Workbench limits from {@code settings.json} (defaults 1 000 files, 25 MiB each). */
public record Limits(int maxFiles, long maxFileBytes) {
    public static final Limits DEFAULT = new Limits(1000, 26_214_400L);
}
