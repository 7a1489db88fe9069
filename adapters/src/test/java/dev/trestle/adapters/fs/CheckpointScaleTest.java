package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.Limits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checkpoint creation cost with 10 000 Published entries on Jimfs. The duration is printed for information only,
 * never asserted.
 */
class CheckpointScaleTest extends StoreTestBase {
    @Override
    Fs fs() {
        return Fs.JIMFS;
    }

    @Test
    void a_checkpoint_of_ten_thousand_entries_is_a_manifest_write() throws Exception {
        String w = newWorkbench();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Path p = source("f" + i + ".txt", "content of file " + i);
            paths.add(p.toString());
        }
        store.published().add(w, paths, new Limits(20_000, 1024));

        long start = System.nanoTime();
        CheckpointMetadata c = store.checkpoints().create(w, CheckpointReason.MANUAL, "big");
        long micros = (System.nanoTime() - start) / 1_000;
        System.out.printf("checkpoint of %d entries created in %.1f ms%n", c.files(), micros / 1000.0);

        assertThat(c.files()).isEqualTo(10_000);
        assertThat(c.restorable()).isTrue();
        assertThat(store.checkpoints().list(w).store().objects()).isEqualTo(10_000);
    }
}
