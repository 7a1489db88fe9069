package dev.trestle.domain.contract;

import dev.trestle.domain.fakes.InMemorySecrets;
import dev.trestle.domain.port.out.SecretsPort;

/** The {@link SecretsPort} contract against the in-memory fake. */
class InMemorySecretsContractTest extends SecretsPortContract {
    @Override
    protected SecretsPort newPort() {
        return new InMemorySecrets();
    }
}
