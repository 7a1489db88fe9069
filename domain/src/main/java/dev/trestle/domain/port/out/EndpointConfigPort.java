package dev.trestle.domain.port.out;

import dev.trestle.domain.model.ProviderEndpoint;
import dev.trestle.domain.model.ProviderId;

/** Each provider's effective endpoint ({@code algorithms.md} §5.1), resolved from settings at startup. */
public interface EndpointConfigPort {
    ProviderEndpoint effective(ProviderId provider);
}
