package dev.trestle.domain.port.in;

import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.ProviderStatus;
import java.time.Instant;
import java.util.List;

/** Configure providers: keys, enablement, validation ({@code rpc.md} "Engine, providers, models"). */
public interface ProvidersUseCase {
    /** In order openai, anthropic, google, mistral. */
    List<ProviderStatus> status();

    void setApiKey(ProviderId provider, String apiKey);

    void clearApiKey(ProviderId provider);

    void setEnabled(ProviderId provider, boolean enabled);

    /** One cheap authenticated call; returns {@code validated_at}. */
    Instant validate(ProviderId provider, CancelToken cancel);
}
