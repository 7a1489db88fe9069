package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.AddResult;
import dev.trestle.domain.model.Limits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Timed add of 10 000 × 1 KB files through the store on the default filesystem (a temp dir); prints the time, asserts
 * only the outcome. Opt-in: {@code -Dtrestle.timing=true -Dtest=BatchAddTimingTest}.
 */
@EnabledIfSystemProperty(named = "trestle.timing", matches = "true")
class BatchAddTimingTest extends StoreTestBase {
    @Override
    Fs fs() {
        return Fs.DEFAULT;
    }

    @Test
    void adding_ten_thousand_small_files_in_one_batch_adds_them_all() throws Exception {
        int n = Integer.getInteger("trestle.timing.files", 10_000);
        int reps = Integer.getInteger("trestle.timing.reps", 3);
        for (int r = 0; r < reps; r++) {
            List<String> paths = sourcesFor(r, n);
            // the former path for comparison: one forced ingest and one link per file (no files.json rewrite)
            String old = newWorkbench();
            ContentStore perFile = new ContentStore(meta(old, "checkpoints").resolve("objects"), FileOps.DEFAULT);
            long t0 = System.nanoTime();
            for (String p : paths) {
                Path src = Path.of(p);
                try (var in = Files.newInputStream(src)) {
                    perFile.link(perFile.ingest(in, Long.MAX_VALUE).sha256(), published(old),
                            src.getFileName().toString());
                }
            }
            long oldMs = (System.nanoTime() - t0) / 1_000_000;

            String w = newWorkbench();
            t0 = System.nanoTime();
            var batch = store.published().add(w, paths, new Limits(n + 10, Limits.DEFAULT.maxFileBytes()));
            long ms = (System.nanoTime() - t0) / 1_000_000;

            System.out.printf("add of %d x 1 KB files: per-file ingest+link %d ms, batched store.add %d ms%n",
                    n, oldMs, ms);
            assertThat(batch.results()).extracting(AddResult::status).containsOnly(AddResult.Status.ADDED);
            assertThat(batch.manifest()).hasSize(n);
            assertThat(names(published(w))).hasSize(n);
        }
    }

    private List<String> sourcesFor(int rep, int n) throws Exception {
        Path dir = Files.createDirectories(sources.resolve("rep" + rep));
        List<String> paths = new ArrayList<>(n);
        byte[] body = new byte[1024];
        for (int i = 0; i < n; i++) {
            byte[] b = Arrays.copyOf(body, body.length);
            byte[] tag = ("rep " + rep + " file " + i + "\n").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(tag, 0, b, 0, tag.length);
            paths.add(Files.write(dir.resolve("f" + i + ".txt"), b).toString());
        }
        return paths;
    }
}
