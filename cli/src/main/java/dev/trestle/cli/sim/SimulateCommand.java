package dev.trestle.cli.sim;

import dev.trestle.cli.base.CliException;
import dev.trestle.cli.base.ExitCodes;
import dev.trestle.cli.commands.CliContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trestle simulate}: a local HTTPS stand-in for the four providers, until killed. */
@Command(name = "simulate", description = {"Run the provider simulator on 127.0.0.1 until killed.",
    "Prints the settings.json endpoint block and the CA file; start the engine with --allow-custom-endpoints."})
public class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on (default: any free port)")
    int port;

    @Option(names = "--script", paramLabel = "FILE", description = "JSON response script to load")
    Path script;

    @Override
    public Integer call() {
        CliContext cli = (CliContext) spec.root().userObject();
        return cli.local(out -> {
            if (port < 0 || port > 65535) {
                throw new CliException(ExitCodes.USAGE, "--port must be 0..65535");
            }
            if (script != null && !Files.isRegularFile(script)) {
                throw new CliException(ExitCodes.USAGE, "--script " + script + " is not a readable file");
            }
            Path work;
            try {
                work = Files.createTempDirectory("trestle-sim-");
            } catch (java.io.IOException e) {
                throw new CliException(ExitCodes.INTERNAL, "cannot create a temporary directory");
            }
            Simulator sim = Simulator.start(port, work);
            CountDownLatch forever = new CountDownLatch(1);
            Path scratch = work;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                sim.close();
                try {
                    Files.deleteIfExists(sim.caPemPath());
                    Files.deleteIfExists(scratch);
                } catch (java.io.IOException e) {
                    // a stale CA file in the temp dir is harmless: every run makes a new CA
                }
            }, "trestle-sim-stop"));
            if (script != null) {
                sim.script(script);
            }
            out.line("provider simulator listening on " + sim.baseUrl());
            out.line("CA certificate: " + sim.caPemPath());
            out.line("settings.json \"providers\" block (merge into <data_dir>/settings.json):");
            out.line(sim.endpointSettingsJson());
            out.line("then start the engine with --allow-custom-endpoints. Stop with Ctrl-C.");
            try {
                forever.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        });
    }
}
