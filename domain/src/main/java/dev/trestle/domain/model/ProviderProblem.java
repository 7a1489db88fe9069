package dev.trestle.domain.model;

/**
 * What a provider said went wrong, read by the vendor's wire codec from the structured fields of its error body or
 * in-stream error event (and, where a vendor states it only in prose, from its documented message pattern;
 * {@code docs/providers.md}). The domain maps it together with the HTTP status ({@code errors.md} §4). Token figures
 * are the vendor's own numbers when its message states them, else null.
 */
public record ProviderProblem(Kind kind, Long tokensRequested, Long tokensLimit) {

    public enum Kind {
        /** Nothing the codec recognised: the HTTP status alone decides. */
        UNSPECIFIED,
        /** The prompt (with the output reservation) exceeds the model's context window. */
        CONTEXT_EXHAUSTED,
        /** Billing, credit, spend cap or a per-day quota: retrying before the account changes cannot succeed. */
        QUOTA_EXCEEDED,
        /** The model id is not served to this key (whatever status the vendor uses for it). */
        MODEL_NOT_FOUND,
        /** The key was rejected (whatever status the vendor uses for it). */
        AUTH_FAILED,
        /** Throttled; the same request may succeed after the asked delay. */
        RATE_LIMITED,
        /** The vendor is overloaded or failed internally (a 5xx/529, also when reported inside a 200 stream). */
        OVERLOADED
    }

    public static final ProviderProblem NONE = new ProviderProblem(Kind.UNSPECIFIED, null, null);

    public ProviderProblem {
        java.util.Objects.requireNonNull(kind, "kind");
    }

    public static ProviderProblem of(Kind kind) {
        return new ProviderProblem(kind, null, null);
    }

    public static ProviderProblem context(Long requested, Long limit) {
        return new ProviderProblem(Kind.CONTEXT_EXHAUSTED, requested, limit);
    }
}
