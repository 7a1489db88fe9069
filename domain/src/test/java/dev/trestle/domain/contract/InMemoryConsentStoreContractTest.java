package dev.trestle.domain.contract;

import dev.trestle.domain.fakes.InMemoryConsentStore;
import dev.trestle.domain.port.out.ConsentStorePort;

/** The {@link ConsentStorePort} contract against the in-memory fake. */
class InMemoryConsentStoreContractTest extends ConsentStorePortContract {
    @Override
    protected ConsentStorePort newPort() {
        return new InMemoryConsentStore();
    }
}
