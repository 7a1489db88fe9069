package dev.trestle.cli.commands;

import com.google.gson.JsonObject;
import dev.trestle.cli.output.Output;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of the command classes: reach the root {@link TrestleCli} and print results in human or JSON form. */
public abstract class CommandSupport {
    @Spec
    protected CommandSpec spec;

    /** The root command (global options, engine connector, environment). */
    protected CliContext cli() {
        return (CliContext) spec.root().userObject();
    }

    /** Runs with a started engine; see {@link CliContext#withEngine}. */
    protected int engine(CliContext.EngineAction action) {
        return cli().withEngine(action);
    }

    /** Prints the raw result with {@code --json}, else the human lines. */
    protected static void show(Output out, JsonObject result, List<String> human) {
        if (out.json()) {
            out.printJson(result);
        } else {
            human.forEach(out::line);
        }
    }

    /** Prints the raw result with {@code --json}, else one human line. */
    protected static void show(Output out, JsonObject result, String human) {
        show(out, result, List.of(human));
    }
}
