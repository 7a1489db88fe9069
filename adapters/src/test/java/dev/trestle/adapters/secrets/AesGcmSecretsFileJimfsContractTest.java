package dev.trestle.adapters.secrets;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.trestle.domain.fakes.FakeClock;
import dev.trestle.domain.contract.SecretsPortContract;
import dev.trestle.domain.port.out.SecretsPort;
import java.io.IOException;
import java.nio.file.FileSystem;
import org.junit.jupiter.api.AfterEach;

/** The {@link SecretsPort} contract against {@link AesGcmSecretsFile} on Jimfs. */
class AesGcmSecretsFileJimfsContractTest extends SecretsPortContract {
    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

    @Override
    protected SecretsPort newPort() {
        return new AesGcmSecretsFile(fs.getPath("/data"), new FakeClock());
    }

    @AfterEach
    void closeFs() throws IOException {
        fs.close();
    }
}
