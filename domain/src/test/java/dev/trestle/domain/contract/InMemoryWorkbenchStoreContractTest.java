package dev.trestle.domain.contract;

import dev.trestle.domain.fakes.InMemoryWorkbenchStore;

/** The Workbench store contract against the in-memory fake the service unit tests use. */
class InMemoryWorkbenchStoreContractTest extends WorkbenchStoreContract {
    private InMemoryWorkbenchStore fake;

    @Override
    protected Ports newStore() {
        fake = new InMemoryWorkbenchStore(clock, ids);
        return new Ports(fake, fake, fake, fake);
    }

    @Override
    protected String source(String name, String text) {
        String path = "/sources/" + name;
        fake.source(path, text);
        return path;
    }
}
