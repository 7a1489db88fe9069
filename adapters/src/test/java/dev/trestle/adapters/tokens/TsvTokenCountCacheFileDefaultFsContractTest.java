package dev.trestle.adapters.tokens;

import dev.trestle.domain.contract.TokenCountCachePortContract;
import dev.trestle.domain.port.out.TokenCountCachePort;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link TokenCountCachePort} contract against {@link TsvTokenCountCacheFile} on the default file system. */
class TsvTokenCountCacheFileDefaultFsContractTest extends TokenCountCachePortContract {
    @TempDir
    Path tmp;

    @Override
    protected TokenCountCachePort newPort() {
        return TsvTokenCountCacheFile.inDataDir(tmp.resolve("data"));
    }

    @Override
    protected TokenCountCachePort reopen() {
        return TsvTokenCountCacheFile.inDataDir(tmp.resolve("data"));
    }
}
