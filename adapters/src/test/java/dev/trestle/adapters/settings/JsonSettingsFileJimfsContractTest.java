package dev.trestle.adapters.settings;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;

import dev.trestle.domain.contract.SettingsPortContract;
import dev.trestle.domain.port.out.SettingsPort;
import java.io.IOException;
import java.nio.file.FileSystem;
import org.junit.jupiter.api.AfterEach;

/** The {@link SettingsPort} contract against {@link JsonSettingsFile} on Jimfs. */
class JsonSettingsFileJimfsContractTest extends SettingsPortContract {
    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

    @Override
    protected SettingsPort newPort() {
        return JsonSettingsFile.inDataDir(fs.getPath("/data/trestle"));
    }

    @AfterEach
    void closeFs() throws IOException {
        fs.close();
    }
}
