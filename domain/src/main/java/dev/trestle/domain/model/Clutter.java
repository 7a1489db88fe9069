package dev.trestle.domain.model;

import java.util.Collection;

/** Clutter math of {@code algorithms.md} §6: weights in tokens, float division. */
public final class Clutter {
    public static final double PER_FILE = 500;
    public static final long TEXT_CAP_BYTES = 102_400;
    public static final long DEFAULT_WINDOW = 32_000;

    private Clutter() {
    }

    public static double fileWeight(FileKind kind, long bytes) {
        double w = PER_FILE;
        return w + switch (kind) {
            case TEXT -> Math.min(bytes, TEXT_CAP_BYTES) / 4.0;
            case DOCX, ODT, PDF -> 4_000 + bytes / 6.0;
            case XLSX, PPTX -> 6_000 + bytes / 8.0;
            case IMAGE -> 4_000;
            case BINARY -> 500;
        };
    }

    public static double filesWeight(Collection<FileEntry> files) {
        double sum = 0;
        for (FileEntry f : files) {
            sum += fileWeight(f.fileKind(), f.size());
        }
        return sum;
    }

    /** Weight of text bytes (conversation or in-flight stream). */
    public static double textWeight(long utf8Bytes) {
        return utf8Bytes / 4.0;
    }

    public static ClutterState state(double usage, ModelEntry model) {
        long window = model.contextTokensEstimate() > 0 ? model.contextTokensEstimate() : DEFAULT_WINDOW;
        double score = Math.max(0, Math.min(1, usage / window));
        return new ClutterState(score, ClutterLevel.of(score), model.modelId(), Math.round(usage), window);
    }
}
