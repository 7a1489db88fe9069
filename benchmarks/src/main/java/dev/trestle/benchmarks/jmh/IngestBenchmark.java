package dev.trestle.benchmarks.jmh;

import dev.trestle.domain.port.in.ManageWorkbenchesUseCase.CreateWorkbench;
import dev.trestle.benchmarks.fixture.Trees;
import dev.trestle.domain.model.Limits;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Adding one file through the store port: stream into the content store while hashing, fsync, read-only, rename,
 * link into {@code published/}, rewrite {@code files.json} ({@code existing} entries plus one). Each call adds a file
 * with new content (no dedup) and the teardown removes it again, so the Workbench size stays fixed.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 20)
@Measurement(iterations = 60)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Benchmark)
public class IngestBenchmark {
    @Param({"0", "10000"})
    public int existing;
    @Param({"1024", "1048576"})
    public int size;

    private BenchEngine engine;
    private String workbench;
    private List<Path> sources;
    private int next;
    private String added;

    @Setup
    public void setUp() {
        engine = new BenchEngine(existing + 100);
        workbench = existing == 0 ? engine.engine.workbenches().create(BenchEngine.RQ, new CreateWorkbench("bench"))
                : engine.workbenchWith(existing, 1024);
        // names beyond the Workbench's own, distinct contents
        sources = Trees.write(engine.root.resolve("ingest"), 80, size, 99).stream()
                .map(p -> p.resolveSibling("n" + p.getFileName())).toList();
        for (int i = 0; i < 80; i++) {
            try {
                java.nio.file.Files.move(engine.root.resolve("ingest").resolve(Trees.name(i)), sources.get(i));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @TearDown(Level.Iteration)
    public void removeAdded() {
        if (added != null) {
            engine.store.published().remove(workbench, List.of(added));
            added = null;
        }
    }

    @TearDown
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public Object ingestOne() {
        Path source = sources.get(next++ % sources.size());
        added = source.getFileName().toString();
        return engine.store.published().add(workbench, List.of(source.toString()), new Limits(existing + 100,
                Limits.DEFAULT.maxFileBytes()));
    }
}
