package dev.trestle.domain.contract;

import dev.trestle.domain.fakes.FakeTokenCounter;
import dev.trestle.domain.port.out.TokenCounterPort;

/** The {@link TokenCounterPort} contract against the arithmetic fake. */
class FakeTokenCounterContractTest extends TokenCounterPortContract {
    private final FakeTokenCounter counter = new FakeTokenCounter();

    @Override
    protected TokenCounterPort port() {
        return counter;
    }
}
