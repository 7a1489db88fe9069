package dev.trestle.domain.port.in;

import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.ProviderStatus;
import dev.trestle.domain.model.RequestContext;
import java.time.Instant;
import java.util.List;

/** Configure providers: keys, enablement, validation ({@code docs/spec/rpc.md} "Engine, providers, models"). */
public interface ProvidersUseCase {
    /** In order openai, anthropic, google, mistral. */
    List<ProviderStatus> status(RequestContext rq);

    void setApiKey(RequestContext rq, ProviderId provider, String apiKey);

    void clearApiKey(RequestContext rq, ProviderId provider);

    void setEnabled(RequestContext rq, ProviderId provider, boolean enabled);

    /** One cheap authenticated call; returns {@code validated_at}. Not a Workshop run: ignores the cancel token. */
    Instant validate(RequestContext rq, ProviderId provider);
}
