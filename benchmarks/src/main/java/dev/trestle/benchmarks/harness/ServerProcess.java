package dev.trestle.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A JSON-RPC server child process on stdio (the engine jar or the minimal LSP4J floor), optionally wrapped in
 * {@code /usr/bin/time -v} for its peak RSS. stderr goes to a file, never to the harness's own streams.
 */
final class ServerProcess implements AutoCloseable {
    final Process process;
    final RpcClient rpc;
    final long startNanos;
    private final Path timeReport;

    private ServerProcess(Process process, long startNanos, Path timeReport) {
        this.process = process;
        this.startNanos = startNanos;
        this.timeReport = timeReport;
        this.rpc = new RpcClient(process.getInputStream(), process.getOutputStream());
    }

    /**
     * Starts {@code java <jvmOpts> <target...>}.
     *
     * @param timeReport where {@code /usr/bin/time -v} writes its report, or null to run java directly
     */
    static ServerProcess start(List<String> jvmOpts, List<String> target, Path stderr, Path timeReport)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        if (timeReport != null) {
            cmd.addAll(List.of("/usr/bin/time", "-v", "-o", timeReport.toString()));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOpts);
        cmd.addAll(target);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        long t0 = System.nanoTime();
        Process p = pb.start();
        return new ServerProcess(p, t0, timeReport);
    }

    /** The java process itself (the child of {@code /usr/bin/time} when wrapped). */
    ProcessHandle javaProcess() {
        if (timeReport == null) {
            return process.toHandle();
        }
        return process.toHandle().children().findFirst().orElse(process.toHandle());
    }

    /** A field of {@code /proc/<pid>/status} in kB (e.g. {@code VmRSS}, {@code VmHWM}). */
    Optional<Long> statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(javaProcess().pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** "Maximum resident set size (kbytes)" from the time report, after the process ended. */
    Optional<Long> peakRssKb() {
        if (timeReport == null) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(timeReport)) {
                if (line.contains("Maximum resident set size")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Closes stdin (the engine's normal end) and waits for exit; kills it after 30 s. */
    @Override
    public void close() throws IOException {
        rpc.close();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
