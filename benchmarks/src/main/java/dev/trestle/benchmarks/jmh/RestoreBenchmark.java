package dev.trestle.benchmarks.jmh;

import dev.trestle.domain.model.WorkbenchId;
import dev.trestle.domain.port.in.ManageFilesUseCase.AddFiles;
import dev.trestle.domain.port.in.ManageFilesUseCase.RemoveFiles;
import dev.trestle.benchmarks.fixture.Trees;
import dev.trestle.domain.model.CheckpointReason;
import java.nio.file.Path;
import java.util.List;
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
 * Restore through the filesystem store (steps 3–7 of {@code storage.md} §8: link every object into
 * {@code published.restore_tmp/}, stage meta, mark, swap, clean up), alternating between two checkpoints that differ in
 * {@code changed} files so every call really swaps content. The pre-restore checkpoint (a separate create) is not
 * included; {@code CheckpointBenchmark} measures that. {@code restore} is the caller's wait (the old Published tree is
 * deleted after it on the store's cleanup thread, overlapping the next call); {@code restoreAndCleanup} includes it.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 40)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Benchmark)
public class RestoreBenchmark {
    @Param({"1000", "10000"})
    public int files;
    @Param({"1024"})
    public int size;
    @Param({"1"})
    public int changed;

    private BenchEngine engine;
    private String workbench;
    private String[] targets;
    private String pre;
    private int next;

    @Setup
    public void setUp() {
        engine = new BenchEngine(files);
        workbench = engine.workbenchWith(files, size);
        String a = engine.store.checkpoints().create(workbench, CheckpointReason.MANUAL, "A").checkpointId();
        Path src = engine.root.resolve("src-" + workbench);
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < changed; i++) {
            names.add(Trees.name(i));
        }
        engine.engine.files().remove(BenchEngine.RQ, new RemoveFiles(new WorkbenchId(workbench), names));
        for (int i = 0; i < changed; i++) {
            Trees.rewrite(src, i, size, 1, 7);
        }
        engine.engine.files().add(BenchEngine.RQ, new AddFiles(new WorkbenchId(workbench), names.stream()
                .map(n -> src.resolve(n).toString()).toList()));
        String b = engine.store.checkpoints().create(workbench, CheckpointReason.MANUAL, "B").checkpointId();
        pre = engine.store.checkpoints().create(workbench, CheckpointReason.PRE_RESTORE, "pre").checkpointId();
        targets = new String[] {a, b};
    }

    @TearDown
    public void tearDown() {
        engine.close();
    }

    /** What the caller waits for: the old Published tree is deleted afterwards on the store's cleanup thread. */
    @Benchmark
    public Object restore() {
        String target = targets[next++ & 1];
        return engine.store.checkpoints().restore(workbench, target, pre, p -> { });
    }

    /** The whole work, including the background deletion of the old Published tree. */
    @Benchmark
    public Object restoreAndCleanup() {
        String target = targets[next++ & 1];
        Object r = engine.store.checkpoints().restore(workbench, target, pre, p -> { });
        engine.store.awaitIdle();
        return r;
    }
}
