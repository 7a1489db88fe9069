package dev.trestle.domain.contract;

import dev.trestle.domain.fakes.InMemoryTokenCalibration;
import dev.trestle.domain.port.out.TokenCalibrationPort;

/** The {@link TokenCalibrationPort} contract against the in-memory fake. */
class InMemoryTokenCalibrationContractTest extends TokenCalibrationPortContract {
    @Override
    protected TokenCalibrationPort newPort() {
        return new InMemoryTokenCalibration();
    }

    @Override
    protected TokenCalibrationPort reopen() {
        return port;
    }
}
