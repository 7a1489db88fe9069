package dev.trestle.domain.port.out;

import dev.trestle.domain.model.ProviderId;
import java.util.Optional;

/** Encrypted API keys ({@code storage.md} §3). */
public interface SecretsPort {
    /** False when {@code secrets.enc} exists but cannot be decrypted. */
    boolean readable();

    /** The key, empty when none is stored or the store is unreadable. */
    Optional<String> apiKey(ProviderId provider);

    /** Stores a key; an unreadable store is first renamed aside and started empty. */
    void setApiKey(ProviderId provider, String key);

    void clearApiKey(ProviderId provider);
}
