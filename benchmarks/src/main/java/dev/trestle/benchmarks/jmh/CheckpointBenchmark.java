package dev.trestle.benchmarks.jmh;

import dev.trestle.domain.model.CheckpointReason;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Checkpoint creation through the filesystem store on a real temp dir (snapshot copies, manifest JSON, fsyncs).
 * <ul>
 * <li>{@code create}: {@code auto} checkpoints, whose retention keeps 200, so no iteration prunes: the cost of the
 * manifest write itself.</li>
 * <li>{@code createAtRetentionLimit}: {@code manual} checkpoints after 50 exist, so every create prunes one and runs
 * GC, which re-reads every manifest ({@code storage.md} §10): the steady state of a long-lived Workbench.</li>
 * </ul>
 * Single-shot: each measured call is one checkpoint, as in the engine (checkpoints are rare, not a hot loop).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 20)
@Measurement(iterations = 60)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class CheckpointBenchmark {

    /** A Workbench of {@code files} × {@code size}. */
    @State(Scope.Benchmark)
    public static class Bench {
        @Param({"10000"})
        public int files;
        @Param({"1024"})
        public int size;

        BenchEngine engine;
        String workbench;

        @Setup
        public void setUp() {
            engine = new BenchEngine(files);
            workbench = engine.workbenchWith(files, size);
        }

        @TearDown
        public void tearDown() {
            engine.close();
        }
    }

    /** The same, with 50 manual checkpoints already present. */
    @State(Scope.Benchmark)
    public static class AtLimit extends Bench {
        @Override
        @Setup
        public void setUp() {
            super.setUp();
            for (int i = 0; i < 50; i++) {
                engine.store.checkpoints().create(workbench, CheckpointReason.MANUAL, "fill");
            }
        }
    }

    @Benchmark
    public Object create(Bench b) {
        return b.engine.store.checkpoints().create(b.workbench, CheckpointReason.AUTO, "bench");
    }

    @Benchmark
    public Object createAtRetentionLimit(AtLimit b) {
        return b.engine.store.checkpoints().create(b.workbench, CheckpointReason.MANUAL, "bench");
    }
}
