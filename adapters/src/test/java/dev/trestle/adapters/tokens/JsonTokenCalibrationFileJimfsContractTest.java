package dev.trestle.adapters.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.trestle.domain.contract.TokenCalibrationPortContract;
import dev.trestle.domain.model.TokenRatio;
import dev.trestle.domain.port.out.TokenCalibrationPort;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@link TokenCalibrationPort} contract against {@link JsonTokenCalibrationFile} on Jimfs. */
class JsonTokenCalibrationFileJimfsContractTest extends TokenCalibrationPortContract {
    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    private final Path dataDir = fs.getPath("/data/trestle");

    @Override
    protected TokenCalibrationPort newPort() {
        return JsonTokenCalibrationFile.inDataDir(dataDir);
    }

    @Override
    protected TokenCalibrationPort reopen() {
        return JsonTokenCalibrationFile.inDataDir(dataDir);
    }

    @AfterEach
    void closeFs() throws IOException {
        fs.close();
    }

    @Test
    void a_corrupt_file_reads_as_empty_and_the_next_save_replaces_it() throws IOException {
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("token_calibration.json"), "{not json");
        assertThat(port.loadAll()).isEmpty();
        port.save("google:gemini-3-pro", new TokenRatio(1.2, 1));
        assertThat(reopen().loadAll()).containsOnlyKeys("google:gemini-3-pro");
    }

    @Test
    void entries_out_of_range_or_mistyped_are_skipped() throws IOException {
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("token_calibration.json"), "{\"schema_version\":1,\"models\":{"
                + "\"a:x\":{\"ratio\":99,\"samples\":1},\"b:y\":{\"ratio\":\"1.2\",\"samples\":1},"
                + "\"c:z\":{\"ratio\":1.25,\"samples\":2}}}");
        assertThat(port.loadAll()).containsOnlyKeys("c:z");
    }
}
