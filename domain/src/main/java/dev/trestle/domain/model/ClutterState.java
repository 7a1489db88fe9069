package dev.trestle.domain.model;

import java.util.List;

/**
 * The clutter signal for one Workbench and model ({@code rpc.md} §2, {@code algorithms.md} §6): the estimate of the
 * next request's input tokens, its breakdown (which sums exactly to it), how it was obtained and how far off it may
 * be. {@code contextTokensEstimate} is the model's window; the score's denominator is the usable window, the window
 * minus {@code reservedOutputTokens}.
 */
public record ClutterState(double score, ClutterLevel level, String modelId, long usageTokensEstimate,
                           long contextTokensEstimate, long reservedOutputTokens, TokenSource source,
                           double errorBandPercent, List<ClutterItem> breakdown) {
    public ClutterState {
        breakdown = List.copyOf(breakdown);
    }

    /** The window minus the output reserve: what the request itself may use. */
    public long usableTokens() {
        return Math.max(1, contextTokensEstimate - reservedOutputTokens);
    }
}
