package dev.trestle.domain.model;

/** The clutter signal for one Workbench and model ({@code rpc.md} §2). */
public record ClutterState(double score, ClutterLevel level, String modelId, long usageTokensEstimate,
                           long contextTokensEstimate) {
}
