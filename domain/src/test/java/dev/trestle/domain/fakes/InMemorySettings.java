package dev.trestle.domain.fakes;

import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.Settings;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.out.SettingsPort;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Settings in memory with the adapter's semantics: an update cannot change a provider's {@code endpoint} (only the
 * file's author can), and a test can make reads and writes fail as a corrupt file would.
 */
public final class InMemorySettings implements SettingsPort {
    private Settings current;
    private ErrorInfo failure;
    private int writes;

    public InMemorySettings() {
        this(Settings.defaults());
    }

    public InMemorySettings(Settings initial) {
        this.current = initial;
    }

    @Override
    public synchronized Settings read() {
        failIfBroken();
        return current;
    }

    @Override
    public synchronized Settings update(UnaryOperator<Settings> change) {
        failIfBroken();
        Settings next = change.apply(current);
        Map<ProviderId, Settings.ProviderSettings> providers = new EnumMap<>(ProviderId.class);
        for (ProviderId p : ProviderId.values()) {
            Settings.ProviderSettings n = next.provider(p);
            providers.put(p, new Settings.ProviderSettings(n.enabled(), n.lastValidatedAt(), n.lastError(),
                    current.provider(p).endpoint()));
        }
        current = new Settings(next.userDefaultModelId(), next.limits(), providers);
        writes++;
        return current;
    }

    /** Sets state as if the file had been edited by hand (endpoints included). */
    public synchronized void replace(Settings value) {
        current = value;
    }

    /** Makes every read and update throw {@code TrestleException(failure)}; {@code null} heals it. */
    public synchronized void breakWith(ErrorInfo value) {
        failure = value;
    }

    /** Number of successful updates. */
    public synchronized int writes() {
        return writes;
    }

    private void failIfBroken() {
        if (failure != null) {
            throw new TrestleException(failure);
        }
    }
}
