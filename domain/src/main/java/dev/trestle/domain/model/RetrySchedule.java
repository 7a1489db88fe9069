package dev.trestle.domain.model;

import java.time.Duration;
import java.util.Optional;

/** The only automatic retry of M2 ({@code errors.md} §5): 3 retries at 0.5 s, 2 s, 8 s; Retry-After raises a delay. */
public final class RetrySchedule {
    public static final int MAX_RETRIES = 3;
    public static final long MAX_RETRY_AFTER_SECONDS = 60;

    private RetrySchedule() {
    }

    /** Delay before retry {@code k} (1-based): {@code 0.5 s × 4^(k−1)}. */
    public static Duration scheduled(int k) {
        if (k < 1 || k > MAX_RETRIES) {
            throw new IllegalArgumentException("retry " + k + " out of range");
        }
        return Duration.ofMillis(500L << (2 * (k - 1)));
    }

    /**
     * The delay before retry {@code k}, or empty when no retry may happen (exhausted, or Retry-After above 60 s).
     */
    public static Optional<Duration> delayBefore(int k, Duration retryAfter) {
        if (k > MAX_RETRIES) {
            return Optional.empty();
        }
        Duration d = scheduled(k);
        if (retryAfter != null) {
            if (retryAfter.compareTo(Duration.ofSeconds(MAX_RETRY_AFTER_SECONDS)) > 0) {
                return Optional.empty();
            }
            if (retryAfter.compareTo(d) > 0) {
                d = retryAfter;
            }
        }
        return Optional.of(d);
    }
}
