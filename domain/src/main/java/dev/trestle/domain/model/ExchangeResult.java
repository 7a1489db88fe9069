package dev.trestle.domain.model;

import java.time.Duration;

/** What one HTTP exchange with a provider came to; the domain maps it ({@code errors.md} §4) and decides retries. */
public sealed interface ExchangeResult {

    /** 2xx and, for chat, a complete stream. Token counts are -1 when the provider sent none. */
    record Completed(long inputTokens, long outputTokens) implements ExchangeResult {
    }

    /** A 3xx with a parsed {@code Location} (null host when unparseable); the domain checks and follows it. */
    record Redirect(int status, Endpoint location) implements ExchangeResult {
    }

    /**
     * A non-2xx answer. {@code retryAfter} is the delay the vendor asked for ({@code Retry-After} in seconds or as an
     * HTTP date, {@code retry-after-ms}, or a delay stated in the body such as Gemini's {@code RetryInfo}), else
     * null; {@code problem} is what the vendor's error body says ({@code docs/providers.md}), never null.
     */
    record HttpError(int status, Duration retryAfter, ProviderProblem problem) implements ExchangeResult {
        public HttpError {
            problem = problem == null ? ProviderProblem.NONE : problem;
        }

        /** An answer whose body was read only for a context overflow (kept for callers that know no more). */
        public HttpError(int status, Duration retryAfter, boolean contextLengthExceeded) {
            this(status, retryAfter, contextLengthExceeded ? ProviderProblem.context(null, null) : ProviderProblem.NONE);
        }

        public boolean contextLengthExceeded() {
            return problem.kind() == ProviderProblem.Kind.CONTEXT_EXHAUSTED;
        }
    }

    /**
     * A 2xx stream that the vendor ended with an error event of its own (OpenAI {@code error}/{@code response.failed},
     * Anthropic {@code event: error}, a Gemini or Mistral error object); {@code problem} says what it reported.
     */
    record StreamError(ProviderProblem problem, boolean afterDelta) implements ExchangeResult {
        public StreamError {
            problem = problem == null ? ProviderProblem.NONE : problem;
        }
    }

    /** The request never got a usable answer; {@code afterDelta} when at least one delta was delivered. */
    record NetworkError(NetFailure failure, boolean afterDelta) implements ExchangeResult {
    }

    /** Unparseable 2xx or a stream protocol error. */
    record ProtocolError(String detail, boolean afterDelta) implements ExchangeResult {
    }

    /** The transport's own policy check refused the request; no socket was opened. */
    record Blocked(String reason) implements ExchangeResult {
    }

    /** Cancelled through the {@link CancelToken}. */
    record Cancelled(boolean afterDelta) implements ExchangeResult {
    }

    enum NetFailure { CONNECT_TIMEOUT, FIRST_BYTE_TIMEOUT, DNS, REFUSED, RESET, NO_ROUTE, TLS, STREAM_BROKEN,
        STREAM_SILENT }
}
