package dev.trestle.cli.sim;

import dev.trestle.cli.base.CliException;
import dev.trestle.cli.base.ExitCodes;
import dev.trestle.simulator.ProviderSimulator;
import dev.trestle.simulator.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The provider simulator run in-process for {@code tour} and {@code simulate}: local HTTPS on loopback speaking the
 * four vendors' wire formats, with a throw-away CA. Wraps {@link ProviderSimulator} with the CLI's error handling.
 */
public final class Simulator implements AutoCloseable {
    private final ProviderSimulator sim;

    private Simulator(ProviderSimulator sim) {
        this.sim = sim;
    }

    /**
     * Starts a simulator on 127.0.0.1.
     *
     * @param port    port to bind, 0 for any free port
     * @param workDir directory for the CA certificate file (created if needed)
     */
    public static Simulator start(int port, Path workDir) throws CliException {
        try {
            Files.createDirectories(workDir);
            return new Simulator(new ProviderSimulator(workDir.resolve("simulator-ca.pem"), port).start());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new CliException(ExitCodes.INTERNAL, "cannot start the provider simulator ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    /** The HTTPS port it listens on. */
    public int port() {
        return sim.port();
    }

    /** {@code https://localhost:PORT}. */
    public String baseUrl() {
        return sim.baseUrl();
    }

    /** The PEM file of the CA that signed its {@code localhost} certificate. */
    public Path caPemPath() {
        return sim.caPemPath();
    }

    /** The {@code settings.json} {@code providers} block pointing every provider at this simulator. */
    public String endpointSettingsJson() {
        return sim.endpointSettingsJson();
    }

    /** Loads a JSON response script ({@link ProviderSimulator#scriptJson}) from a file. */
    public void script(Path file) throws CliException {
        try {
            sim.scriptJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new CliException(ExitCodes.USAGE, "cannot load the script " + file + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    /** Makes the provider's next model reply stream this proposal JSON as its text. */
    public void scriptProposal(String providerId, String proposalJson) {
        sim.script(providerId, Reply.proposal(proposalJson));
    }

    /** How many requests reached the simulator so far. */
    public int requestCount() {
        return sim.requests().size();
    }

    @Override
    public void close() {
        sim.close();
    }
}
