package dev.trestle.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;

/**
 * Waits until the engine has finished the background work a large add starts (token counting of every new body,
 * {@code algorithms.md} §6), so a timed scenario measures its own request and not the counting running beside it on
 * the same cores. The signal is the clutter's {@code source}: {@code estimated} while bodies are still being counted.
 */
final class Quiet {
    private static final long POLL_MILLIS = 100;
    private static final long LIMIT_MILLIS = 600_000;

    private Quiet() {
    }

    /** Polls {@code WorkbenchGetClutter} until the counts settle; returns the milliseconds waited. */
    static long settle(RpcClient rpc, String workbenchId) throws Exception {
        long t0 = System.nanoTime();
        while (true) {
            JsonNode c = rpc.call("WorkbenchGetClutter", Map.of("workbench_id", workbenchId), LIMIT_MILLIS);
            String source = c.path("source").asText();
            if (!source.equals("estimated")) {
                long waited = (System.nanoTime() - t0) / 1_000_000;
                System.err.println("[quiet] " + workbenchId + " settled after " + waited + " ms (source " + source
                        + ")");
                return waited;
            }
            if ((System.nanoTime() - t0) / 1_000_000 > LIMIT_MILLIS) {
                throw new IOException("token counting did not settle within " + LIMIT_MILLIS + " ms");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
