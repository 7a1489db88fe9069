package dev.trestle.domain.model;

/**
 * Workbench limits from {@code settings.json} (defaults 1 000 files, 25 MiB each) and the optional size budget of a
 * Workbench's checkpoint store ({@code checkpoints.max_store_bytes}; 0 = none).
 */
public record Limits(int maxFiles, long maxFileBytes, long maxStoreBytes) {
    public static final Limits DEFAULT = new Limits(1000, 26_214_400L, 0L);

    /** Limits without a store budget. */
    public Limits(int maxFiles, long maxFileBytes) {
        this(maxFiles, maxFileBytes, 0L);
    }

    public Limits withMaxStoreBytes(long value) {
        return new Limits(maxFiles, maxFileBytes, value);
    }
}
