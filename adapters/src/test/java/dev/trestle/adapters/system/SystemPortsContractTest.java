package dev.trestle.adapters.system;

import dev.trestle.domain.contract.SystemPortsContract;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.IdGeneratorPort;
import dev.trestle.domain.port.out.SleeperPort;

/** The system-port contract against the adapters the engine runs with. */
class SystemPortsContractTest extends SystemPortsContract {
    @Override
    protected IdGeneratorPort ids() {
        return new UlidGenerator(new SystemClock());
    }

    @Override
    protected ClockPort clock() {
        return new SystemClock();
    }

    @Override
    protected SleeperPort sleeper() {
        return new CancellableSleeper();
    }
}
