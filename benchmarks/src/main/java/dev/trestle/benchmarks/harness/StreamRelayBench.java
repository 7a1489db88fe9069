package dev.trestle.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trestle.simulator.ProviderSimulator;
import dev.trestle.simulator.ProviderSimulator.Vendor;
import dev.trestle.simulator.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Workshop stream relay through the real engine process: the engine (started with
 * {@code --allow-custom-endpoints}) streams a reply from the {@link ProviderSimulator}, which runs in this JVM and is
 * scripted with many one-word chunks. For every chunk the simulator's flush time and the client's receive time of the
 * matching {@code WorkshopAssistantStreamDelta} are taken on this JVM's monotonic clock, so their difference is the
 * latency the engine (TLS client, SSE parsing, domain, JSON-RPC, stdout pipe) adds to that delta. Also reports the
 * sustained deltas/s as received by the client.
 *
 * <pre>
 * java -cp benchmarks.jar dev.trestle.benchmarks.harness.StreamRelayBench --server-jar JAR --work DIR
 *      [--chunks N] [--runs N] [--pace PER_SECOND] [--java-opts "..."]
 * </pre>
 * Without {@code --pace} the simulator sends as fast as it can (a flood: deltas/s is the relay's capacity, and the
 * added latency is mostly queueing behind earlier deltas); with {@code --pace R} it sends R chunks per second, below
 * capacity, so the added latency is the relay's own per-delta cost.
 * Prints one line per run and a summary (median over runs of each run's p50/p99 added latency and deltas/s). The
 * first run warms the engine up and is reported but left out of the summary when more than one run is made.
 */
public final class StreamRelayBench {
    private static final long TIMEOUT_MS = 300_000;
    private static final String KEY = "sk-stream-relay-bench";

    private StreamRelayBench() {
    }

    /** One measured stream. */
    public record Run(int chunks, double deltasPerSecond, double p50Ms, double p99Ms, double maxMs) {
    }

    public static void main(String[] args) throws Exception {
        Path jar = null;
        Path work = null;
        int chunks = 20_000;
        int runs = 4;
        int pace = 0;
        List<String> javaOpts = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--server-jar" -> jar = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--chunks" -> chunks = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--pace" -> pace = Integer.parseInt(args[++i]);
                case "--java-opts" -> javaOpts = args[++i].isBlank() ? List.of()
                        : List.of(args[i].trim().split("\\s+"));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (jar == null || work == null) {
            throw new IllegalArgumentException("--server-jar and --work are required");
        }
        List<Run> all = measure(jar, work, javaOpts, chunks, runs, pace);
        List<Run> counted = all.size() > 1 ? all.subList(1, all.size()) : all;
        System.out.printf("stream relay, %d chunks: median deltas/s %.0f, added latency p50 %.3f ms, p99 %.3f ms%n",
                chunks, Stats.median(counted.stream().map(Run::deltasPerSecond).toList()),
                Stats.median(counted.stream().map(Run::p50Ms).toList()),
                Stats.median(counted.stream().map(Run::p99Ms).toList()));
    }

    /** Starts the simulator and one engine process, then streams {@code runs} replies of {@code chunks} chunks. */
    public static List<Run> measure(Path serverJar, Path work, List<String> javaOpts, int chunks, int runs,
                                    int pace) throws Exception {
        Path dir = Files.createDirectories(work.resolve("stream-relay"));
        Path dataDir = dir.resolve("data-" + System.nanoTime());
        Files.createDirectories(dataDir);
        Path notes = Files.writeString(dir.resolve("notes.txt"), "a short note for the prompt\n");
        List<Run> out = new ArrayList<>();
        try (ProviderSimulator sim = new ProviderSimulator(dir.resolve("sim-ca.pem")).start()) {
            Files.writeString(dataDir.resolve("settings.json"),
                    "{\"schema_version\":1,\"providers\":" + sim.endpointSettingsJson() + "}");
            List<String> target = new ArrayList<>(List.of("-jar", serverJar.toString(), "--data-dir",
                    dataDir.toString(), "--allow-custom-endpoints", "--stdio"));
            try (ServerProcess engine = ServerProcess.start(javaOpts, target, dir.resolve("engine-stderr.log"),
                    null)) {
                RpcClient rpc = engine.rpc;
                rpc.call("ProvidersSetApiKey", Map.of("provider_id", "openai", "api_key", KEY), TIMEOUT_MS);
                String wb = rpc.call("WorkbenchCreate", Map.of("name", "Stream relay"), TIMEOUT_MS)
                        .get("workbench_id").asText();
                rpc.call("WorkbenchFilesAdd", Map.of("workbench_id", wb, "source_paths", List.of(notes.toString())),
                        TIMEOUT_MS);
                JsonNode consent = rpc.call("EgressGetConsentStatus", Map.of("workbench_id", wb), TIMEOUT_MS);
                rpc.call("EgressGrantWorkshopConsent", Map.of("workbench_id", wb, "provider_id", "openai",
                        "model_id", consent.path("model_id").asText("openai:gpt-5.2"),
                        "scope_hash", consent.get("scope_hash").asText(), "persist", true), TIMEOUT_MS);
                for (int r = 0; r < runs; r++) {
                    String user = rpc.call("WorkshopSendUserMessage", Map.of("workbench_id", wb, "text",
                            "stream run " + r), TIMEOUT_MS).get("message_id").asText();
                    Run run = streamOnce(sim, rpc, wb, user, chunks, pace);
                    System.out.printf("run %d (%s): %d deltas, %.0f deltas/s, added p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                            r, pace > 0 ? "paced " + pace + "/s" : "flood", run.chunks(), run.deltasPerSecond(), run.p50Ms(), run.p99Ms(), run.maxMs());
                    out.add(run);
                }
            }
        }
        return out;
    }

    private static Run streamOnce(ProviderSimulator sim, RpcClient rpc, String wb, String user, int chunks,
                                  int pacePerSecond) throws IOException, RpcClient.RpcError {
        long interval = pacePerSecond > 0 ? 1_000_000_000L / pacePerSecond : 0;
        long[] paceStart = {0};
        String[] words = new String[chunks];
        for (int i = 0; i < chunks; i++) {
            words[i] = "w" + i + " ";
        }
        java.util.concurrent.atomic.AtomicLongArray sent = new java.util.concurrent.atomic.AtomicLongArray(chunks);
        long[] received = new long[chunks];
        AtomicInteger deltas = new AtomicInteger();
        sim.script(Vendor.OPENAI, Reply.text(words).onChunkSent(i -> {
            long now = System.nanoTime();
            sent.set(i, now);
            if (interval > 0) {
                // pace the simulator below the relay's capacity: the next chunk goes out at start + (i+1)·interval
                if (i == 0) {
                    paceStart[0] = now;
                }
                long next = paceStart[0] + (i + 1) * interval;
                for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
        }));
        rpc.onNotification((method, params, at) -> {
            if (!"WorkshopAssistantStreamDelta".equals(method)) {
                return;
            }
            String t = params.path("token_delta").asText();
            // one chunk per delta ("w<i> "); tolerate merged deltas by timing each word they carry
            int from = 0;
            while (from < t.length()) {
                int end = t.indexOf(' ', from);
                end = end < 0 ? t.length() : end;
                if (end - from > 1 && t.charAt(from) == 'w') {
                    int i = Integer.parseInt(t, from + 1, end, 10);
                    if (i >= 0 && i < chunks && received[i] == 0) {
                        received[i] = at;
                    }
                }
                from = end + 1;
            }
            deltas.incrementAndGet();
        });
        try {
            rpc.call("WorkshopStreamAssistantReply", Map.of("workbench_id", wb, "message_id", user), TIMEOUT_MS);
        } finally {
            rpc.onNotification(null);
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        double[] added = new double[chunks];
        int n = 0;
        for (int i = 0; i < chunks; i++) {
            if (received[i] == 0 || sent.get(i) == 0) {
                continue;
            }
            first = Math.min(first, received[i]);
            last = Math.max(last, received[i]);
            added[n++] = (received[i] - sent.get(i)) / 1e6;
        }
        if (n < chunks) {
            throw new IOException("only " + n + " of " + chunks + " chunks arrived as deltas");
        }
        Arrays.sort(added);
        double seconds = Math.max(1e-9, (last - first) / 1e9);
        return new Run(deltas.get(), (n - 1) / seconds, added[n / 2], added[(int) Math.ceil(0.99 * n) - 1],
                added[n - 1]);
    }
}
