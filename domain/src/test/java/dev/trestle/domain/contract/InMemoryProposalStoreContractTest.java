package dev.trestle.domain.contract;

import dev.trestle.domain.fakes.InMemoryProposalStore;
import dev.trestle.domain.port.out.ProposalStorePort;

/** The {@link ProposalStorePort} contract against the in-memory fake. */
class InMemoryProposalStoreContractTest extends ProposalStorePortContract {
    @Override
    protected ProposalStorePort newPort() {
        return new InMemoryProposalStore();
    }
}
