package dev.trestle.domain.fakes;

import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.port.out.SecretsPort;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keys in memory. {@link #makeUnreadable()} mimics an undecryptable store: no keys and {@code readable() == false}
 * until the next {@link #setApiKey}, which sets the old store aside and starts empty (counted by
 * {@link #setAsideCount()}).
 */
public final class InMemorySecrets implements SecretsPort {
    private final Map<ProviderId, String> keys = new EnumMap<>(ProviderId.class);
    private boolean readable = true;
    private int setAside;

    @Override
    public synchronized boolean readable() {
        return readable;
    }

    @Override
    public synchronized Optional<String> apiKey(ProviderId provider) {
        return readable ? Optional.ofNullable(keys.get(provider)) : Optional.empty();
    }

    @Override
    public synchronized void setApiKey(ProviderId provider, String key) {
        if (key == null) {
            throw new IllegalArgumentException("key is required");
        }
        if (!readable) {
            keys.clear();
            readable = true;
            setAside++;
        }
        keys.put(provider, key);
    }

    @Override
    public synchronized void clearApiKey(ProviderId provider) {
        if (readable) {
            keys.remove(provider);
        }
    }

    /** Turns the store undecryptable: keys disappear from view. */
    public synchronized void makeUnreadable() {
        readable = false;
    }

    /** How many unreadable stores were renamed aside by {@link #setApiKey}. */
    public synchronized int setAsideCount() {
        return setAside;
    }
}
