package dev.trestle.domain.port.in;

import dev.trestle.domain.model.ApiKey;
import dev.trestle.domain.model.InvalidInputException;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.ProviderStatus;
import dev.trestle.domain.model.RequestContext;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Configure providers: keys, enablement, validation ({@code docs/spec/rpc.md} "Engine, providers, models"). */
public interface ProvidersUseCase {
    /** In order openai, anthropic, google, mistral. */
    List<ProviderStatus> status(RequestContext rq);

    void setApiKey(RequestContext rq, SetApiKey command);

    void clearApiKey(RequestContext rq, ProviderId provider);

    void setEnabled(RequestContext rq, ProviderId provider, boolean enabled);

    /** One cheap authenticated call; returns {@code validated_at}. Not a Workshop run: ignores the cancel token. */
    Instant validate(RequestContext rq, ProviderId provider);

    /**
     * {@code ProvidersSetApiKey}: the key trimmed; empty or any character outside 0x21–0x7E is refused
     * ({@code invalid_params: api_key}, {@link ApiKey}). The key never appears in {@link #toString()}.
     */
    record SetApiKey(ProviderId provider, String apiKey) {
        public SetApiKey {
            Objects.requireNonNull(provider, "provider");
            apiKey = ApiKey.normalize(apiKey).orElseThrow(() -> new InvalidInputException("invalid_params",
                    "api_key"));
        }

        @Override
        public String toString() {
            return "SetApiKey[provider=" + provider.id() + ", apiKey=<redacted>]";
        }
    }
}
