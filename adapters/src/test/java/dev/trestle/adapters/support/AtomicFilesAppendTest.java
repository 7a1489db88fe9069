package dev.trestle.adapters.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link AtomicFiles#appendLine}: all or nothing on a file system that fails part-way through a write. */
class AtomicFilesAppendTest {
    private final FaultyFileSystem fs = FaultyFileSystem.wrap(Jimfs.newFileSystem(Configuration.unix()));
    private final Path file = fs.getPath("/log.jsonl");

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void a_failed_append_cuts_the_file_back_at_every_budget(FaultyFileSystem.Fault fault) throws Exception {
        AtomicFiles.appendLine(file, "{\"n\":1}");
        byte[] before = Files.readAllBytes(file);
        String line = "{\"n\":2,\"text\":\"" + "x".repeat(3000) + "\"}";
        for (long free = 0; ; free += 97) {
            fs.allow(free, fault);
            try {
                AtomicFiles.appendLine(file, line);
            } catch (IOException e) {
                assertThat(e.getMessage()).contains(fault == FaultyFileSystem.Fault.ENOSPC ? "No space"
                        : fault == FaultyFileSystem.Fault.EDQUOT ? "quota" : "Input/output");
                assertThat(Files.readAllBytes(file)).as("free %d", free).isEqualTo(before);
                continue;
            }
            fs.unlimited();
            assertThat(Files.readString(file)).isEqualTo("{\"n\":1}\n" + line + "\n");
            assertThat(free).isGreaterThanOrEqualTo(line.length() + 1);
            break;
        }
        AtomicFiles.appendLine(file, "{\"n\":3}");
        assertThat(Files.readString(file).lines()).hasSize(3);
    }

    @Test
    void a_torn_tail_from_a_crash_is_dropped_before_the_next_line() throws Exception {
        Files.write(file, ("{\"n\":1}\n" + "{\"n\":2,\"t\":\"" + "y".repeat(20_000)).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.appendLine(file, "{\"n\":3}");
        assertThat(Files.readString(file)).isEqualTo("{\"n\":1}\n{\"n\":3}\n");

        Files.write(file, "no newline at all".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.appendLine(file, "{\"n\":4}");
        assertThat(Files.readString(file)).isEqualTo("{\"n\":4}\n");
    }

    @Test
    void a_failed_first_append_leaves_an_empty_file_at_worst() throws Exception {
        fs.allow(FaultyFileSystem.ENTRY_COST + 3, FaultyFileSystem.Fault.ENOSPC);
        assertThatThrownBy(() -> AtomicFiles.appendLine(file, "{\"n\":1}")).isInstanceOf(IOException.class);
        fs.unlimited();
        assertThat(Files.exists(file) ? Files.size(file) : 0L).isZero();
    }
}
