package dev.trestle.adapters.settings;

import dev.trestle.domain.contract.SettingsPortContract;
import dev.trestle.domain.port.out.SettingsPort;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link SettingsPort} contract against {@link JsonSettingsFile} on the default file system. */
class JsonSettingsFileDefaultFsContractTest extends SettingsPortContract {
    @TempDir
    Path dir;

    @Override
    protected SettingsPort newPort() {
        return JsonSettingsFile.inDataDir(dir);
    }
}
