package dev.trestle.benchmarks.jmh;

import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.RetentionPolicy;
import dev.trestle.domain.model.ScopeHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Pure domain computations over in-memory data: the scope hash of a {@code files}-entry manifest
 * ({@code algorithms.md} §3) and retention selection over {@code checkpoints} checkpoints (§7). The engine caches the
 * scope hash per manifest change; this figure is the cost of one recomputation. Token counting has its own
 * benchmark ({@code TokenCountBenchmark}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class DomainMathBenchmark {
    @Param({"10000"})
    public int files;
    @Param({"1000"})
    public int checkpoints;

    private List<FileEntry> manifest;
    private List<CheckpointMetadata> history;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(1);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        manifest = new ArrayList<>();
        byte[] h = new byte[32];
        for (int i = 0; i < files; i++) {
            for (int j = 0; j < h.length; j++) {
                h[j] = (byte) r.nextInt();
            }
            String name = String.format(i % 3 == 0 ? "f%05d.md" : i % 3 == 1 ? "f%05d.csv" : "f%05d.pdf", i);
            manifest.add(FileEntry.of(name, 1 + r.nextInt(100_000), HexFormat.of().formatHex(h), t0, t0));
        }
        history = new ArrayList<>();
        CheckpointReason[] reasons = CheckpointReason.values();
        for (int i = 0; i < checkpoints; i++) {
            history.add(new CheckpointMetadata(String.format("01J%023d", i), t0.plusSeconds(r.nextInt(1_000_000)),
                    reasons[r.nextInt(reasons.length)], "c", files, 0, true));
        }
    }

    @Benchmark
    public String scopeHash() {
        return ScopeHash.of(manifest);
    }

    @Benchmark
    public List<String> retentionSelect() {
        return RetentionPolicy.select(history, Set.of());
    }
}
