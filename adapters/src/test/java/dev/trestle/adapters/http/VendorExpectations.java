package dev.trestle.adapters.http;

import dev.trestle.domain.model.ErrorAction;
import dev.trestle.domain.model.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each provider fixture must come to ({@code docs/providers.md}): the rows {@link VendorConformanceTest} checks
 * the recorded traffic ({@link #TABLE}) and the committed fixtures ({@link #OWN_TABLE}) against.
 */
final class VendorExpectations {
    private VendorExpectations() {
    }

    /**
     * What a fixture must come to. {@code requests}: how many requests the engine sends for it (4 = first try and
     * the three retries of errors.md §5); {@code sleeps}: the delays slept between them, in seconds.
     */
    record Expect(ErrorCode code, boolean retryable, List<ErrorAction> actions, int requests, List<Double> sleeps,
                  Long tokensRequested, Long tokensLimit, Long retryAfterSeconds) {
        static Expect ok() {
            return new Expect(null, false, List.of(), 1, List.of(), null, null, null);
        }

        static Expect once(ErrorCode code) {
            return new Expect(code, code.defaultRetryable(), code.defaultActions(), 1, List.of(), null, null, null);
        }

        static Expect context(Long requested, Long limit) {
            return new Expect(ErrorCode.CONTEXT_EXHAUSTED, false, List.of(ErrorAction.SWITCH_MODEL), 1, List.of(),
                    requested, limit, null);
        }

        static Expect retried(ErrorCode code, double... sleeps) {
            List<Double> s = new ArrayList<>();
            for (double d : sleeps) {
                s.add(d);
            }
            return new Expect(code, true, code.defaultActions(), 1 + sleeps.length, s, null, null, null);
        }

        Expect actions(ErrorAction... a) {
            return new Expect(code, retryable, List.of(a), requests, sleeps, tokensRequested, tokensLimit,
                    retryAfterSeconds);
        }

        Expect notRetryable() {
            return new Expect(code, false, actions, requests, sleeps, tokensRequested, tokensLimit, retryAfterSeconds);
        }

        Expect retryAfter(long s) {
            return new Expect(code, retryable, actions, requests, sleeps, tokensRequested, tokensLimit, s);
        }
    }

    static final double[] SCHEDULE = {0.5, 2, 8};

    static final Map<String, Expect> TABLE = Map.ofEntries(
            // OpenAI (Responses API)
            Map.entry("openai/http-400-invalid-param", Expect.once(ErrorCode.VALIDATION_FAILED)
                    .actions(ErrorAction.RETRY)),
            Map.entry("openai/http-400-model-not-found", Expect.once(ErrorCode.PROVIDER_UNAVAILABLE).notRetryable()
                    .actions(ErrorAction.SWITCH_MODEL)),
            Map.entry("openai/http-401-invalid-key", Expect.once(ErrorCode.PROVIDER_AUTH_FAILED)),
            Map.entry("openai/http-429-no-retry-after", Expect.retried(ErrorCode.PROVIDER_RATE_LIMITED, SCHEDULE)),
            Map.entry("openai/models-list", Expect.ok()),
            Map.entry("openai/stream-error-context-length", Expect.context(null, null)),
            Map.entry("openai/stream-error-insufficient-quota", Expect.once(ErrorCode.PROVIDER_QUOTA_EXCEEDED)),
            Map.entry("openai/stream-gpt41-seq", Expect.ok()),
            Map.entry("openai/stream-gpt4o", Expect.ok()),
            Map.entry("openai/stream-gpt52-websearch", Expect.ok()),
            // Anthropic (Messages API)
            Map.entry("anthropic/http-400-context-limit", Expect.context(209_136L, 204_648L)),
            Map.entry("anthropic/http-400-prompt-too-long", Expect.context(208_310L, 200_000L)),
            Map.entry("anthropic/http-401-invalid-key", Expect.once(ErrorCode.PROVIDER_AUTH_FAILED)),
            Map.entry("anthropic/http-404-model", Expect.once(ErrorCode.PROVIDER_UNAVAILABLE).notRetryable()
                    .actions(ErrorAction.SWITCH_MODEL)),
            Map.entry("anthropic/http-429-retry-after-2", Expect.once(ErrorCode.PROVIDER_QUOTA_EXCEEDED)),
            Map.entry("anthropic/http-429-retry-after-75", Expect.once(ErrorCode.PROVIDER_QUOTA_EXCEEDED)),
            Map.entry("anthropic/http-500-api-error", Expect.retried(ErrorCode.PROVIDER_UNAVAILABLE, SCHEDULE)),
            Map.entry("anthropic/http-529-overloaded", Expect.retried(ErrorCode.PROVIDER_UNAVAILABLE, SCHEDULE)),
            Map.entry("anthropic/models-list", Expect.ok()),
            Map.entry("anthropic/stream-error-overloaded-after-delta", Expect.once(ErrorCode.PROVIDER_UNAVAILABLE)),
            Map.entry("anthropic/stream-error-overloaded-first",
                    Expect.retried(ErrorCode.PROVIDER_UNAVAILABLE, SCHEDULE)),
            Map.entry("anthropic/stream-sonnet45-ping", Expect.ok()),
            Map.entry("anthropic/stream-sonnet46-emoji", Expect.ok()),
            Map.entry("anthropic/stream-text", Expect.ok()),
            // Google (Gemini API)
            Map.entry("google/http-400-api-key-invalid", Expect.once(ErrorCode.PROVIDER_AUTH_FAILED)),
            Map.entry("google/http-400-context", Expect.context(3_475_108L, 1_048_576L)),
            Map.entry("google/http-404-model", Expect.once(ErrorCode.PROVIDER_UNAVAILABLE).notRetryable()
                    .actions(ErrorAction.SWITCH_MODEL)),
            Map.entry("google/http-429-retryinfo", Expect.retried(ErrorCode.PROVIDER_RATE_LIMITED, 34.4, 34.4, 34.4)
                    .retryAfter(35)),
            Map.entry("google/http-503-overloaded", Expect.retried(ErrorCode.PROVIDER_UNAVAILABLE, SCHEDULE)),
            Map.entry("google/models-list", Expect.ok()),
            Map.entry("google/stream-gemini20-capital", Expect.ok()),
            Map.entry("google/stream-gemini20-degree", Expect.ok()),
            Map.entry("google/stream-gemini3pro-preview", Expect.ok()),
            Map.entry("google/stream-thought-signature", Expect.ok()),
            // Mistral (chat completions)
            Map.entry("mistral/http-400-context-3051", Expect.context(159_202L, 131_072L)),
            Map.entry("mistral/http-400-context-null-code", Expect.context(40_960L, 32_768L)),
            Map.entry("mistral/http-401-chat", Expect.once(ErrorCode.PROVIDER_AUTH_FAILED)),
            Map.entry("mistral/http-401-models", Expect.once(ErrorCode.PROVIDER_AUTH_FAILED)),
            Map.entry("mistral/http-429-rate-limited", Expect.retried(ErrorCode.PROVIDER_RATE_LIMITED, SCHEDULE)),
            Map.entry("mistral/http-429-requests", Expect.retried(ErrorCode.PROVIDER_RATE_LIMITED, SCHEDULE)),
            Map.entry("mistral/models-list", Expect.ok()),
            Map.entry("mistral/stream-magistral-thinking", Expect.ok()),
            Map.entry("mistral/stream-small", Expect.ok()));

    /** The committed fixtures (written from the vendors' API references, not recorded). */
    static final Map<String, Expect> OWN_TABLE = Map.ofEntries(
            Map.entry("openai/own-429-retry-after-ms", Expect.retried(ErrorCode.PROVIDER_RATE_LIMITED, 1.5, 2, 8)
                    .retryAfter(2)),
            Map.entry("openai/own-429-insufficient-quota", Expect.once(ErrorCode.PROVIDER_QUOTA_EXCEEDED)),
            Map.entry("openai/own-400-context-chat-wording", Expect.context(130_000L, 128_000L)),
            Map.entry("openai/own-stream-rate-limit-event", Expect.retried(ErrorCode.PROVIDER_RATE_LIMITED, SCHEDULE)),
            Map.entry("anthropic/own-429-rate-limit-retry-after-5",
                    Expect.retried(ErrorCode.PROVIDER_RATE_LIMITED, 5, 5, 8).retryAfter(5)),
            Map.entry("anthropic/own-429-retry-after-above-cap",
                    Expect.once(ErrorCode.PROVIDER_RATE_LIMITED).retryAfter(120)),
            Map.entry("anthropic/own-400-credit-balance", Expect.once(ErrorCode.PROVIDER_QUOTA_EXCEEDED)),
            Map.entry("anthropic/own-400-spend-limit", Expect.once(ErrorCode.PROVIDER_QUOTA_EXCEEDED)),
            Map.entry("anthropic/own-413-request-too-large", Expect.context(null, null)),
            Map.entry("google/own-429-per-day-quota", Expect.once(ErrorCode.PROVIDER_QUOTA_EXCEEDED)),
            Map.entry("google/own-stream-max-tokens", Expect.ok()),
            Map.entry("mistral/own-stream-no-done", Expect.ok()));
}
