package dev.trestle.domain.model;

/**
 * Provider-reported input tokens per local base token for one model ({@code algorithms.md} §6.1), learned from
 * completed requests. The first sample replaces the prior; later samples move the ratio by an exponential moving
 * average whose step is bounded, so one odd report cannot swing it by more than {@value #MAX_STEP_PERCENT} %.
 */
public record TokenRatio(double ratio, int samples) {
    /** Weight of a new sample in the moving average. */
    public static final double ALPHA = 0.3;
    /** Largest change one sample may cause, in percent of the current ratio. */
    public static final int MAX_STEP_PERCENT = 10;
    /** Plausible ratios; a sample outside is ignored as corrupt. */
    public static final double MIN = 0.5;
    public static final double MAX = 3.0;

    public TokenRatio {
        if (!(ratio >= MIN && ratio <= MAX)) {
            throw new IllegalArgumentException("ratio out of range: " + ratio);
        }
        if (samples < 0) {
            throw new IllegalArgumentException("negative samples");
        }
    }

    /**
     * The documented conservative prior for a model without a sample: it over-reads every tokenizer we know of for
     * the provider (denser than o200k on code and CJK), so the meter errs on the full side.
     */
    public static TokenRatio prior(ProviderId provider) {
        return new TokenRatio(switch (provider) {
            case OPENAI -> 1.10;
            case ANTHROPIC, MISTRAL -> 1.35;
            case GOOGLE -> 1.30;
        }, 0);
    }

    public boolean calibrated() {
        return samples > 0;
    }

    /** The ratio after a request whose local base count was {@code base} and whose provider count was {@code reported}. */
    public TokenRatio withSample(long base, long reported) {
        if (base <= 0 || reported <= 0) {
            return this;
        }
        double sample = (double) reported / base;
        if (!(sample >= MIN && sample <= MAX)) {
            return this;
        }
        if (samples == 0) {
            return new TokenRatio(sample, 1);
        }
        double step = ALPHA * (sample - ratio);
        double bound = ratio * MAX_STEP_PERCENT / 100.0;
        step = Math.max(-bound, Math.min(bound, step));
        double next = Math.max(MIN, Math.min(MAX, ratio + step));
        return new TokenRatio(next, samples == Integer.MAX_VALUE ? samples : samples + 1);
    }

    /** {@code base} local tokens as the provider will count them, rounded up. */
    public long apply(long base) {
        return (long) Math.ceil(base * ratio - 1e-9);
    }
}
