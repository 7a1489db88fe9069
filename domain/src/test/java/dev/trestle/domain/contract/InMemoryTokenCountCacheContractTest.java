package dev.trestle.domain.contract;

import dev.trestle.domain.fakes.InMemoryTokenCountCache;
import dev.trestle.domain.port.out.TokenCountCachePort;

/** The {@link TokenCountCachePort} contract against the in-memory fake. */
class InMemoryTokenCountCacheContractTest extends TokenCountCachePortContract {
    @Override
    protected TokenCountCachePort newPort() {
        return new InMemoryTokenCountCache();
    }

    @Override
    protected TokenCountCachePort reopen() {
        return port;
    }
}
