package dev.trestle.benchmarks.jmh;

import dev.trestle.domain.model.WorkbenchId;
import dev.trestle.domain.port.in.ManageFilesUseCase.AddFiles;
import dev.trestle.benchmarks.fixture.Trees;
import dev.trestle.domain.model.ClutterState;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.TokenSource;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.port.out.TokenCounterPort;
import dev.trestle.server.rpc.UseCases;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 * Token accounting on a {@code files} × {@code size} B Workbench of word text (10 000 × 8 KiB = 80 MB by default;
 * {@code algorithms.md} §6.1):
 * <ul>
 *   <li>{@code coldCount}: a fresh engine over the stored Workbench answers its first clutter at once (byte estimate)
 *   and counts every body with o200k on one thread per core, as the engine does; measured until the settle
 *   notification carries exact counts (what a restart costs before the meter is exact).</li>
 *   <li>{@code addOneFile}: add one new 8 KiB file and read the clutter, with real counting, against
 *   {@code addOneFileNoCounting}, the same add on an engine whose counter does no work: the difference is what a
 *   one-file change costs the accounting (the recount).</li>
 * </ul>
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TokenCountBenchmark {
    /** A counter that does no work: the baseline for what counting adds. */
    static final TokenCounterPort NO_COUNTING = new TokenCounterPort() {
        @Override
        public int count(String text) {
            return 0;
        }

        @Override
        public boolean isExactFor(ModelEntry model) {
            return true;
        }
    };

    @State(Scope.Benchmark)
    public static class Stored {
        @Param({"10000"})
        public int files;
        @Param({"8192"})
        public int size;

        BenchEngine bench;
        String wb;

        @Setup(Level.Trial)
        public void setUp() {
            bench = new BenchEngine(files + 10_000, null);
            wb = bench.workbenchWith(files, size);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            bench.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public ClutterState coldCount(Stored s) throws InterruptedException {
        // as the engine runs it: one counting thread per core, the clutter answer at once, a notification when done
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        CountDownLatch settled = new CountDownLatch(1);
        AtomicReference<ClutterState> counted = new AtomicReference<>();
        try {
            UseCases fresh = s.bench.freshEngine(null, pool, event -> {
                if (event instanceof EngineEvent.ClutterChanged c && c.clutter().source() != TokenSource.ESTIMATED) {
                    counted.set(c.clutter());
                    settled.countDown();
                }
            });
            ClutterState first = fresh.clutter().clutter(BenchEngine.RQ, new WorkbenchId(s.wb));
            if (first.source() == TokenSource.ESTIMATED && !settled.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("counts never settled");
            }
            return counted.get() != null ? counted.get() : first;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Engines with and without counting, each with a stored Workbench and a pool of new files to add. */
    @State(Scope.Benchmark)
    public static class Adding {
        @Param({"10000"})
        public int files;

        BenchEngine counting;
        BenchEngine notCounting;
        String countingWb;
        String notCountingWb;
        List<Path> pool;
        int next;


        @Setup(Level.Trial)
        public void setUp() {
            counting = new BenchEngine(files + 20_000, null);
            notCounting = new BenchEngine(files + 20_000, NO_COUNTING);
            countingWb = counting.workbenchWith(files, 8192);
            notCountingWb = notCounting.workbenchWith(files, 8192);
            // the pool is named like the stored files: start past them so every add is a new name
            pool = Trees.write(counting.root.resolve("pool"), files + 10_000, 8192, 7);
            next = files;
        }

        Path nextFile() {
            Path p = pool.get(Math.min(next, pool.size() - 1));
            next++;
            return p;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            counting.close();
            notCounting.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 5, time = 2)
    public ClutterState addOneFile(Adding a) {
        String name = a.nextFile().toString();
        a.counting.engine.files().add(BenchEngine.RQ, new AddFiles(new WorkbenchId(a.countingWb), List.of(name)));
        return a.counting.engine.clutter().clutter(BenchEngine.RQ, new WorkbenchId(a.countingWb));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 5, time = 2)
    public ClutterState addOneFileNoCounting(Adding a) {
        String name = a.nextFile().toString();
        a.notCounting.engine.files().add(BenchEngine.RQ, new AddFiles(new WorkbenchId(a.notCountingWb), List.of(name)));
        return a.notCounting.engine.clutter().clutter(BenchEngine.RQ, new WorkbenchId(a.notCountingWb));
    }
}
