package dev.trestle.simulator;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link ProviderSimulator} until killed: {@code [--port N] [--ca FILE] [--script FILE]}. Prints the
 * {@code settings.json} {@code providers} block to use and the CA path (start the engine with
 * {@code --allow-custom-endpoints}).
 */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        run(args, System.out);
    }

    /** Starts a simulator from command-line arguments, prints its settings to {@code out}, and blocks. */
    public static void run(String[] args, PrintStream out) throws Exception {
        int port = 0;
        Path ca = null;
        Path script = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--ca" -> ca = Path.of(args[++i]);
                case "--script" -> script = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (ca == null) {
            ca = Files.createTempDirectory("trestle-sim").resolve("simulator-ca.pem");
        }
        ProviderSimulator sim = new ProviderSimulator(ca, port).start();
        if (script != null) {
            sim.scriptJson(Files.readString(script, StandardCharsets.UTF_8));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
        out.println("Provider simulator listening on " + sim.baseUrl());
        out.println("CA certificate: " + sim.caPemPath());
        out.println("settings.json \"providers\" (start the engine with --allow-custom-endpoints):");
        out.println(sim.endpointSettingsJson());
        out.flush();
        new CountDownLatch(1).await();
    }
}
