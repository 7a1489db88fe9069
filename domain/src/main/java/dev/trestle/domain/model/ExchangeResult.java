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
     * A non-2xx answer. {@code retryAfter} from {@code Retry-After} (seconds or HTTP date), else null;
     * {@code contextLengthExceeded} from the structured error body, never from message substrings.
     */
    record HttpError(int status, Duration retryAfter, boolean contextLengthExceeded) implements ExchangeResult {
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
