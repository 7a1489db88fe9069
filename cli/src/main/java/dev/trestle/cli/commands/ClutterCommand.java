package dev.trestle.cli.commands;

import static dev.trestle.cli.base.Json.obj;

import com.google.gson.JsonObject;
import dev.trestle.cli.output.Views;
import dev.trestle.server.rpc.TrestleProtocol;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trestle clutter WB [--breakdown]}: how full the active model's context is, as a bar, and what fills it. */
@Command(name = "clutter", description = "Tokens the next request will carry against the active model's usable "
        + "window (WorkbenchGetClutter).")
public class ClutterCommand extends CommandSupport implements java.util.concurrent.Callable<Integer> {
    @Parameters(paramLabel = "WB")
    String wb;

    @Option(names = "--breakdown", description = "Also list what the tokens are: each file (largest first), the "
            + "conversation and the instructions.")
    boolean breakdown;

    @Override
    public Integer call() {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::workbenchGetClutter, obj("workbench_id", wb));
            List<String> lines = new ArrayList<>();
            lines.add(Views.clutter(r));
            if (breakdown) {
                lines.addAll(Views.clutterBreakdown(r).lines());
            }
            show(out, r, lines);
            return 0;
        });
    }
}
