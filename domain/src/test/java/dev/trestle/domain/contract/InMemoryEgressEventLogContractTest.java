package dev.trestle.domain.contract;

import dev.trestle.domain.fakes.InMemoryEgressEventLog;
import dev.trestle.domain.port.out.EgressEventLogPort;

/** The {@link EgressEventLogPort} contract against the in-memory fake. */
class InMemoryEgressEventLogContractTest extends EgressEventLogPortContract {
    @Override
    protected EgressEventLogPort newPort() {
        return new InMemoryEgressEventLog();
    }
}
