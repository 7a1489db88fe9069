package dev.trestle.adapters.secrets;
import dev.trestle.domain.fakes.FakeClock;
import dev.trestle.domain.contract.SecretsPortContract;
import dev.trestle.domain.port.out.SecretsPort;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link SecretsPort} contract against {@link AesGcmSecretsFile} on the default file system. */
class AesGcmSecretsFileDefaultFsContractTest extends SecretsPortContract {
    @TempDir
    Path dir;

    @Override
    protected SecretsPort newPort() {
        return new AesGcmSecretsFile(dir, new FakeClock());
    }
}
