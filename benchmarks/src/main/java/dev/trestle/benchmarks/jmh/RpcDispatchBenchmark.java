package dev.trestle.benchmarks.jmh;

import dev.trestle.domain.model.WorkbenchId;
import com.google.gson.JsonObject;
import dev.trestle.server.rpc.ErrorMapper;
import dev.trestle.server.rpc.TrestleClient;
import dev.trestle.server.rpc.TrestleLauncher;
import dev.trestle.server.rpc.TrestleProtocol;
import dev.trestle.server.rpc.TrestleServer;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.reflect.Proxy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * JSON-RPC dispatch of small requests through the real {@link TrestleServer} and LSP4J launchers connected by in-process
 * pipes: framing, Gson, reflection dispatch, the request executor hop and the response, without process or OS pipe
 * costs. {@code engineGetInfo} is the protocol floor; {@code workbenchGetClutter} adds the use case on a
 * {@code files}-file Workbench; {@code clutterDirect} is that use case without RPC.
 */
@BenchmarkMode({Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Benchmark)
public class RpcDispatchBenchmark {
    @Param({"10000"})
    public int files;

    private BenchEngine engine;
    private ExecutorService executors;
    private TrestleProtocol remote;
    private JsonObject empty;
    private JsonObject clutterParams;
    private String workbench;

    @Setup
    public void setUp() throws IOException {
        engine = new BenchEngine(files);
        workbench = engine.workbenchWith(files, 256);
        executors = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-rpc");
            t.setDaemon(true);
            return t;
        });
        PipedInputStream serverIn = new PipedInputStream(1 << 16);
        PipedOutputStream clientOut = new PipedOutputStream(serverIn);
        PipedInputStream clientIn = new PipedInputStream(1 << 16);
        PipedOutputStream serverOut = new PipedOutputStream(clientIn);
        TrestleServer server = new TrestleServer(engine.useCases(), "bench", BenchEngine.SILENT, executors, () -> { });
        TrestleLauncher.server(server, serverIn, serverOut, executors, new ErrorMapper(BenchEngine.SILENT),
                BenchEngine.SILENT).startListening();
        TrestleClient ignoring = (TrestleClient) Proxy.newProxyInstance(TrestleClient.class.getClassLoader(),
                new Class<?>[] {TrestleClient.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("hashCode") ? 0 : method.getName().equals("equals") ? false
                                : "ignoring client";
                    }
                    return null;
                });
        var client = TrestleLauncher.client(ignoring, clientIn, clientOut, executors);
        client.startListening();
        remote = client.getRemoteProxy();
        empty = new JsonObject();
        clutterParams = new JsonObject();
        clutterParams.addProperty("workbench_id", workbench);
    }

    @TearDown
    public void tearDown() {
        executors.shutdownNow();
        engine.close();
    }

    @Benchmark
    public Object engineGetInfo() throws Exception {
        return remote.engineGetInfo(empty).get(10, TimeUnit.SECONDS);
    }

    @Benchmark
    public Object workbenchGetClutter() throws Exception {
        return remote.workbenchGetClutter(clutterParams).get(10, TimeUnit.SECONDS);
    }

    @Benchmark
    public Object clutterDirect() {
        return engine.engine.clutter().clutter(BenchEngine.RQ, new WorkbenchId(workbench));
    }

}
