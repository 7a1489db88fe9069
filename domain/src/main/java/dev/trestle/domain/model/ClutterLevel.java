package dev.trestle.domain.model;

/** Clutter levels with the thresholds of {@code algorithms.md} §6.2. */
public enum ClutterLevel {
    Light, Moderate, Heavy;

    public static ClutterLevel of(double score) {
        if (score < 0.40) {
            return Light;
        }
        return score < 0.70 ? Moderate : Heavy;
    }
}
