package dev.trestle.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs a standard tool (cp, git, rm) to completion, timing it from spawn to exit. */
final class Proc {
    private Proc() {
    }

    /** Runs {@code cmd} in {@code dir}; returns elapsed milliseconds; a non-zero exit fails the run. */
    static double run(Path dir, Map<String, String> env, String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.PIPE);
        if (env != null) {
            pb.environment().putAll(env);
        }
        long t0 = System.nanoTime();
        Process p = pb.start();
        byte[] err = p.getErrorStream().readAllBytes();
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted: " + List.of(cmd), e);
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        if (code != 0) {
            throw new IOException(List.of(cmd) + " exited " + code + ": " + new String(err).trim());
        }
        return ms;
    }

    /** Output of a command, or {@code fallback} when it fails (machine description only). */
    static String output(String fallback, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? out : fallback;
        } catch (IOException e) {
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
    }
}
