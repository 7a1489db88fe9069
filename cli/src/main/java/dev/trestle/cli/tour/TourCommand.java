package dev.trestle.cli.tour;

import dev.trestle.cli.commands.CliContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trestle tour}: a narrated end-to-end session in a throw-away data dir; also a smoke test (exit 0 = ok). */
@Command(name = "tour", description = {"A narrated end-to-end session in a fresh temporary data dir.",
    "Exits 0 only if every step behaved as expected. Ignores --data-dir; never touches your real data."})
public class TourCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--keep", description = "Keep the temporary folder (data dir and sample files) at the end")
    boolean keep;

    @Override
    public Integer call() {
        CliContext cli = (CliContext) spec.root().userObject();
        return cli.local(out -> new Tour(out, cli.locateEngine(), cli.connector(), cli.verbose(), keep).run());
    }
}
