package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.WorkbenchInfo;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link FileSystemWorkbenchStore#warmUp}: runs beside real reads on another thread, never throws, changes nothing. */
class StoreWarmUpTest {
    @Test
    void the_warm_up_never_throws_and_the_forms_read_the_same_after_it() throws Exception {
        WorkbenchInfo info = new WorkbenchInfo("01JBBBBBBBBBBBBBBBBBBBBBBB", "Taxes 2025",
                Instant.parse("2026-01-02T03:04:05.678Z"), Instant.parse("2026-02-03T04:05:06.789Z"), null);
        byte[] before = StoredForms.workbench(info);
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<?> warm = background.submit(FileSystemWorkbenchStore::warmUp);
            // a real read racing the warm-up on the caller's thread
            assertThat(StoredForms.workbench(Json.MAPPER.readTree(before))).isEqualTo(info);
            warm.get(1, TimeUnit.MINUTES);
        } finally {
            background.shutdownNow();
        }
        assertThatCode(FileSystemWorkbenchStore::warmUp).doesNotThrowAnyException();
        assertThat(StoredForms.workbench(info)).isEqualTo(before);
    }

    @Test
    void every_reader_it_prepares_accepts_its_made_up_input() {
        // warmUp swallows failures (it is only a warm-up): a made-up form the reader refuses would prepare nothing
        assertThatCode(FileSystemWorkbenchStore::prepareReaders).doesNotThrowAnyException();
    }
}
