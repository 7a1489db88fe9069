package dev.trestle.adapters.tokens;

import dev.trestle.domain.contract.TokenCalibrationPortContract;
import dev.trestle.domain.port.out.TokenCalibrationPort;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link TokenCalibrationPort} contract against {@link JsonTokenCalibrationFile} on the default file system. */
class JsonTokenCalibrationFileDefaultFsContractTest extends TokenCalibrationPortContract {
    @TempDir
    Path tmp;

    @Override
    protected TokenCalibrationPort newPort() {
        return JsonTokenCalibrationFile.inDataDir(tmp.resolve("data"));
    }

    @Override
    protected TokenCalibrationPort reopen() {
        return JsonTokenCalibrationFile.inDataDir(tmp.resolve("data"));
    }
}
