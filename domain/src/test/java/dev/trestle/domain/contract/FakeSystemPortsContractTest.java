package dev.trestle.domain.contract;

import dev.trestle.domain.fakes.FakeClock;
import dev.trestle.domain.fakes.RecordingSleeper;
import dev.trestle.domain.fakes.SequentialIds;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.IdGeneratorPort;
import dev.trestle.domain.port.out.SleeperPort;

/** The system-port contract against the fakes. */
class FakeSystemPortsContractTest extends SystemPortsContract {
    @Override
    protected IdGeneratorPort ids() {
        return new SequentialIds(new FakeClock());
    }

    @Override
    protected ClockPort clock() {
        return new FakeClock();
    }

    @Override
    protected SleeperPort sleeper() {
        return new RecordingSleeper();
    }
}
