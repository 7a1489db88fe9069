package dev.trestle.benchmarks.harness;

import dev.trestle.server.rpc.ChannelStreams;
import dev.trestle.server.rpc.EndpointRecord;

import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Issue 12 figures, whole process, interleaved in one run:
 * <ol>
 * <li><b>CLI latency</b>: {@code trestle workbench list --json} wall clock (JVM start of the CLI included) when no engine
 * runs on the data dir (the CLI starts one, as before issue 12) vs with an editor's engine running (the CLI connects to
 * its socket).</li>
 * <li><b>Fan-out</b>: one engine with 5 listening clients (its stdio client + 4 relays, i.e. five editor windows) and a
 * sixth direct client (as the CLI) that creates a checkpoint: time from sending the request to each listener reading
 * {@code CheckpointCreated}, against the requester's own response time. Then the same with 5 direct socket
 * listeners.</li>
 * </ol>
 * Usage: {@code ManyClientsBench --server-jar J --cli-jar J --work DIR [--reps N] [--out FILE]}.
 */
public final class ManyClientsBench {
    private static final long TIMEOUT_MS = 60_000;

    private ManyClientsBench() {
    }

    public static void main(String[] args) throws Exception {
        Path serverJar = null;
        Path cliJar = null;
        Path work = null;
        Path outFile = null;
        int reps = 15;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--server-jar" -> serverJar = Path.of(args[++i]);
                case "--cli-jar" -> cliJar = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--out" -> outFile = Path.of(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (serverJar == null || cliJar == null || work == null) {
            throw new IllegalArgumentException("--server-jar, --cli-jar and --work are required");
        }
        if (Files.isDirectory(work)) {
            try (var tree = Files.walk(work)) {
                for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(work);
        List<String> lines = new ArrayList<>();
        lines.add("# Many clients (issue 12), reps " + reps + ", nproc " + Runtime.getRuntime().availableProcessors()
                + ", load " + load());
        cliLatency(serverJar, cliJar, work, reps, lines);
        fanOut(serverJar, work, reps * 4, true, lines);
        fanOut(serverJar, work, reps * 4, false, lines);
        PrintStream out = outFile == null ? System.out : new PrintStream(Files.newOutputStream(outFile), true,
                StandardCharsets.UTF_8);
        lines.forEach(out::println);
        if (outFile != null) {
            lines.forEach(System.out::println);
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static Process server(Path serverJar, Path dataDir, Path err) throws IOException {
        return new ProcessBuilder(java(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-XX:-UsePerfData", "-Xshare:auto", "-jar", serverJar.toString(), "--data-dir", dataDir.toString(),
                "--stdio", "--idle-grace-ms", "0").redirectError(err.toFile()).start();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static RpcClient handshake(RpcClient c) throws Exception {
        c.call("initialize", Map.of(), TIMEOUT_MS);
        c.call("EngineGetInfo", Map.of(), TIMEOUT_MS);
        return c;
    }

    private static double cli(Path cliJar, Path dataDir) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(java(), "-jar", cliJar.toString(), "--data-dir", dataDir.toString(), "--json",
                "workbench", "list").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        if (!p.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
            throw new IOException("trestle workbench list failed");
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void cliLatency(Path serverJar, Path cliJar, Path work, int reps, List<String> lines)
            throws Exception {
        Path cold = work.resolve("cli-spawn");
        Path shared = work.resolve("cli-join");
        Files.createDirectories(cold);
        Process editor = server(serverJar, shared, work.resolve("editor.err"));
        try (RpcClient ed = handshake(new RpcClient(editor.getInputStream(), editor.getOutputStream()))) {
            ed.call("WorkbenchCreate", Map.of("name", "bench"), TIMEOUT_MS);
            cli(cliJar, cold); // warm the page cache for both paths
            cli(cliJar, shared);
            List<Double> spawn = new ArrayList<>();
            List<Double> join = new ArrayList<>();
            for (int i = 0; i < reps; i++) {
                spawn.add(cli(cliJar, cold));
                join.add(cli(cliJar, shared));
            }
            lines.add(String.format("cli workbench list, CLI starts its own engine: median %.0f ms, p90 %.0f ms",
                    Stats.median(spawn), Stats.percentile(spawn, 90)));
            lines.add(String.format("cli workbench list, joins the running engine:  median %.0f ms, p90 %.0f ms"
                    + " (%.1fx faster)", Stats.median(join), Stats.percentile(join, 90),
                    Stats.median(spawn) / Stats.median(join)));
        } finally {
            editor.getOutputStream().close();
            editor.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
    }

    private static void fanOut(Path serverJar, Path work, int reps, boolean relays, List<String> lines)
            throws Exception {
        Path data = work.resolve(relays ? "fan-relay" : "fan-direct");
        List<Process> procs = new ArrayList<>();
        List<RpcClient> listeners = new ArrayList<>();
        Process engine = server(serverJar, data, work.resolve("fan-engine.err"));
        procs.add(engine);
        try {
            RpcClient first = handshake(new RpcClient(engine.getInputStream(), engine.getOutputStream()));
            String wb = first.call("WorkbenchCreate", Map.of("name", "fan"), TIMEOUT_MS).get("workbench_id")
                    .asText();
            if (relays) {
                listeners.add(first);
                for (int i = 0; i < 4; i++) {
                    Process r = server(serverJar, data, work.resolve("fan-relay-" + i + ".err"));
                    procs.add(r);
                    listeners.add(handshake(new RpcClient(r.getInputStream(), r.getOutputStream())));
                }
            } else {
                for (int i = 0; i < 5; i++) {
                    listeners.add(handshake(socketClient(data)));
                }
            }
            RpcClient requester = handshake(socketClient(data));
            List<Double> each = new ArrayList<>();
            List<Double> slowest = new ArrayList<>();
            List<Double> response = new ArrayList<>();
            for (int rep = -5; rep < reps; rep++) {
                CountDownLatch all = new CountDownLatch(listeners.size());
                long[] got = new long[listeners.size()];
                for (int i = 0; i < listeners.size(); i++) {
                    int k = i;
                    listeners.get(i).onNotification((method, params, at) -> {
                        if (method.equals("CheckpointCreated") && got[k] == 0) {
                            got[k] = at;
                            all.countDown();
                        }
                    });
                }
                long t0 = System.nanoTime();
                requester.call("CheckpointsCreate", Map.of("workbench_id", wb), TIMEOUT_MS);
                long tResp = System.nanoTime();
                if (!all.await(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                    throw new IOException("a listener missed CheckpointCreated");
                }
                if (rep < 0) {
                    continue; // warm-up
                }
                response.add((tResp - t0) / 1e6);
                long max = 0;
                for (long g : got) {
                    each.add((g - t0) / 1e6);
                    max = Math.max(max, g - t0);
                }
                slowest.add(max / 1e6);
            }
            String kind = relays ? "5 listeners = stdio client + 4 relays (editor windows)" : "5 direct socket listeners";
            lines.add(String.format("fan-out CheckpointCreated, %s: per listener median %.2f ms p95 %.2f ms; "
                    + "slowest of 5 median %.2f ms p95 %.2f ms; requester's response median %.2f ms",
                    kind, Stats.median(each), Stats.percentile(each, 95), Stats.median(slowest),
                    Stats.percentile(slowest, 95), Stats.median(response)));
            requester.close();
        } finally {
            for (RpcClient c : listeners) {
                c.close();
            }
            for (Process p : procs) {
                p.getOutputStream().close();
            }
            for (Process p : procs) {
                if (!p.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static RpcClient socketClient(Path dataDir) throws IOException {
        Path socket = EndpointRecord.read(dataDir)
                .orElseThrow(() -> new IOException("no engine endpoint in " + dataDir)).socket();
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return new RpcClient(ChannelStreams.in(ch), ChannelStreams.out(ch));
    }
}
