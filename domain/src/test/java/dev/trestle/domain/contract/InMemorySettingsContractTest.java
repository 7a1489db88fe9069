package dev.trestle.domain.contract;

import dev.trestle.domain.fakes.InMemorySettings;
import dev.trestle.domain.port.out.SettingsPort;

/** The {@link SettingsPort} contract against the in-memory fake. */
class InMemorySettingsContractTest extends SettingsPortContract {
    @Override
    protected SettingsPort newPort() {
        return new InMemorySettings();
    }
}
