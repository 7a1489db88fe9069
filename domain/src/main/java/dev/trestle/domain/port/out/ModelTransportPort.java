package dev.trestle.domain.port.out;

import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.model.Endpoint;
import dev.trestle.domain.model.ExchangeResult;
import dev.trestle.domain.model.ProviderEndpoint;

/**
 * One HTTPS exchange with a provider, never following redirects. The adapter applies {@code EgressPolicy} again
 * before opening a connection, speaks the vendor's wire format and streams text deltas to {@code deltas} as they
 * arrive.
 */
public interface ModelTransportPort {
    ExchangeResult exchange(Call call, DeltaListener deltas, CancelToken cancel);

    enum Kind { VALIDATE, CHAT }

    /**
     * {@code chat} is null for {@link Kind#VALIDATE}. {@code target} is the URL of this attempt (the table path or a
     * checked redirect location). The key is only ever placed in the vendor's auth header.
     */
    record Call(ProviderEndpoint provider, Endpoint target, Kind kind, String apiKey, ChatRequest chat,
                ExchangeObserver observer) {
        public Call {
            observer = observer == null ? ExchangeObserver.NONE : observer;
        }

        public Call(ProviderEndpoint provider, Endpoint target, Kind kind, String apiKey, ChatRequest chat) {
            this(provider, target, kind, apiKey, chat, ExchangeObserver.NONE);
        }

        @Override
        public String toString() {
            return "Call[" + provider.provider().id() + " " + kind + " " + target.hostLabel() + "]";
        }
    }

    /**
     * What the transport tells the egress receipt: the SHA-256 (hex) and length of the exact request body bytes it
     * hands to the socket (the empty body for a GET), and the status of the response head when one arrives.
     */
    interface ExchangeObserver {
        ExchangeObserver NONE = new ExchangeObserver() {
        };

        default void requestBody(String sha256Hex, long bytes) {
        }

        default void responseStatus(int status) {
        }
    }

    @FunctionalInterface
    interface DeltaListener {
        void onDelta(String text);
    }
}
