package dev.trestle.domain.model;

import java.util.Locale;

/**
 * How a token estimate was obtained ({@code algorithms.md} §6.2): counted with the model's own tokenizer, a local count
 * scaled by a ratio learned from the provider's reported usage, or a conservative prior / byte estimate.
 */
public enum TokenSource {
    EXACT(2.0), CALIBRATED(5.0), ESTIMATED(10.0);

    private final double errorBandPercent;

    TokenSource(double errorBandPercent) {
        this.errorBandPercent = errorBandPercent;
    }

    /** The ± band, in percent, within which the provider's count is expected to fall. */
    public double errorBandPercent() {
        return errorBandPercent;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The weaker of two sources (an estimate made of parts is only as good as its worst part). */
    public TokenSource weakest(TokenSource other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
