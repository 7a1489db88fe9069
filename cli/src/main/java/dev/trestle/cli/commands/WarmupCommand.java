package dev.trestle.cli.commands;

import dev.trestle.cli.base.CliException;
import dev.trestle.cli.base.ExitCodes;
import dev.trestle.cli.engine.LaunchSpec;
import dev.trestle.cli.engine.LaunchSpecCds;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code trestle warmup}: creates the engine's class-data archive once, so every later engine start (each CLI command
 * starts one) maps pre-parsed classes instead of loading them: about half the start time and less memory
 * ({@code docs/performance.md}).
 */
@Command(name = "warmup", description = {"Create the engine's class-data (AppCDS) archive for faster starts.",
    "Runs the engine once on a throw-away data dir; the archive goes to ~/.cache/trestle/cds/ and is used by every "
        + "later command. Safe to repeat; a new jar or JDK gets a new archive."})
public class WarmupCommand implements Callable<Integer> {
    private static final long TIMEOUT_SECONDS = 60;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext cli = (CliContext) spec.root().userObject();
        return cli.local(out -> {
            LaunchSpec engine = cli.locateEngine();
            if (LaunchSpecCds.usableArchive(engine.classPath()).isPresent()) {
                out.line("class-data archive already in place: "
                        + LaunchSpecCds.archivePath(engine.classPath()).orElseThrow());
                return ExitCodes.OK;
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            if (!LaunchSpecCds.train(java, engine, TIMEOUT_SECONDS)) {
                throw new CliException(ExitCodes.ENGINE_UNAVAILABLE,
                        "could not create the class-data archive (the engine still starts without it)");
            }
            out.line("class-data archive created: " + LaunchSpecCds.archivePath(engine.classPath()).orElseThrow());
            return ExitCodes.OK;
        });
    }
}
