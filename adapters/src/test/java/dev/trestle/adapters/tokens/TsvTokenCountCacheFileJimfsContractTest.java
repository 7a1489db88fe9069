package dev.trestle.adapters.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.trestle.domain.contract.TokenCountCachePortContract;
import dev.trestle.domain.port.out.TokenCountCachePort;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@link TokenCountCachePort} contract against {@link TsvTokenCountCacheFile} on Jimfs, plus its file form. */
class TsvTokenCountCacheFileJimfsContractTest extends TokenCountCachePortContract {
    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    private final Path dataDir = fs.getPath("/data/trestle");
    private final Path file = dataDir.resolve("token_counts.tsv");

    @Override
    protected TokenCountCachePort newPort() {
        return TsvTokenCountCacheFile.inDataDir(dataDir);
    }

    @Override
    protected TokenCountCachePort reopen() {
        return TsvTokenCountCacheFile.inDataDir(dataDir);
    }

    @AfterEach
    void closeFs() throws IOException {
        fs.close();
    }

    private static String sha(int i) {
        return String.format("%064x", i);
    }

    private long dataLines() throws IOException {
        return Files.readAllLines(file).size() - 1;
    }

    @Test
    void the_file_is_a_tagged_header_then_one_line_per_body_appended_per_batch() throws IOException {
        port.record(TAG, Map.of(A, 12));
        port.record(TAG, Map.of(B, 0));
        assertThat(Files.readString(file)).isEqualTo("trestle-token-counts\t" + TAG + "\n"
                + A + "\t12\n" + B + "\t0\n");
    }

    @Test
    void a_torn_last_line_is_skipped_and_the_next_batch_starts_on_a_line_of_its_own() throws IOException {
        port.record(TAG, Map.of(A, 12));
        // a crash in the middle of an append: "<B>\t4" of "<B>\t45\n"
        Files.writeString(file, B + "\t4", StandardOpenOption.APPEND);
        TokenCountCachePort reopened = reopen();
        assertThat(reopened.loadAll(TAG)).containsExactlyInAnyOrderEntriesOf(Map.of(A, 12));
        reopened.record(TAG, Map.of(C, 7));
        assertThat(reopen().loadAll(TAG)).containsExactlyInAnyOrderEntriesOf(Map.of(A, 12, C, 7));
    }

    @Test
    void malformed_lines_are_skipped() throws IOException {
        Files.createDirectories(dataDir);
        Files.writeString(file, "trestle-token-counts\t" + TAG + "\n"
                + A + "\t12\n"
                + A.toUpperCase(Locale.ROOT) + "\t1\n"
                + B + "\t-3\n"
                + B + " 3\n"
                + B + "\t3\t4\n"
                + B + "\t99999999999\n"
                + C.substring(1) + "\t5\n"
                + "\n"
                + "\0\0\0\0\n"
                + C + "\t\n"
                + C + "\t8\n");
        assertThat(port.loadAll(TAG)).containsExactlyInAnyOrderEntriesOf(Map.of(A, 12, C, 8));
    }

    @Test
    void a_file_with_a_foreign_header_reads_as_empty_and_the_next_batch_replaces_it() throws IOException {
        Files.createDirectories(dataDir);
        Files.writeString(file, A + "\t12\n" + B + "\t3\n");
        assertThat(port.loadAll(TAG)).isEmpty();
        port.record(TAG, Map.of(C, 7));
        assertThat(reopen().loadAll(TAG)).containsExactlyInAnyOrderEntriesOf(Map.of(C, 7));
        assertThat(dataLines()).isEqualTo(1);
    }

    @Test
    void a_file_removed_while_open_is_started_over_by_the_next_batch() throws IOException {
        port.record(TAG, Map.of(A, 12));
        Files.delete(file);
        port.record(TAG, Map.of(B, 3));
        assertThat(reopen().loadAll(TAG)).containsExactlyInAnyOrderEntriesOf(Map.of(B, 3));
    }

    @Test
    void a_load_rewrites_a_file_of_mostly_repeated_lines_with_one_line_per_body() throws IOException {
        for (int i = 0; i < 3_000; i++) {
            port.record(TAG, Map.of(A, i % 2, B, 5));
        }
        assertThat(dataLines()).isEqualTo(6_000);
        assertThat(reopen().loadAll(TAG)).containsExactlyInAnyOrderEntriesOf(Map.of(A, 1, B, 5));
        assertThat(dataLines()).isEqualTo(2);
        assertThat(reopen().loadAll(TAG)).containsExactlyInAnyOrderEntriesOf(Map.of(A, 1, B, 5));
    }

    @Test
    void appends_past_the_bound_keep_the_newest_entries() throws IOException {
        TsvTokenCountCacheFile small = new TsvTokenCountCacheFile(file, 10);
        for (int i = 0; i < 20; i++) {
            small.record(TAG, Map.of(sha(i), i));
        }
        // at the 16th line (over 10 + 5) the file was cut to the newest 10; four lines were appended since
        assertThat(dataLines()).isEqualTo(14);
        Map<String, Integer> loaded = new TsvTokenCountCacheFile(file, 10).loadAll(TAG);
        // over the bound at load: the newest 10 are kept
        assertThat(loaded).hasSize(10).containsEntry(sha(19), 19).containsEntry(sha(10), 10)
                .doesNotContainKey(sha(9));
        assertThat(dataLines()).isEqualTo(10);
    }
}
