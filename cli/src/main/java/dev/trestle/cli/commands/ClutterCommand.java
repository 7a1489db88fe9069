package dev.trestle.cli.commands;

import static dev.trestle.cli.base.Json.obj;

import com.google.gson.JsonObject;
import dev.trestle.cli.output.Views;
import dev.trestle.server.rpc.RpcMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code trestle clutter WB}: how full the active model's context is, as a bar. */
@Command(name = "clutter", description = "Estimated prompt size against the active model's window "
        + "(WorkbenchGetClutter).")
public class ClutterCommand extends CommandSupport implements java.util.concurrent.Callable<Integer> {
    @Parameters(paramLabel = "WB")
    String wb;

    @Override
    public Integer call() {
        return engine((engine, out) -> {
            JsonObject r = engine.call(RpcMethod.WORKBENCH_GET_CLUTTER, obj("workbench_id", wb));
            show(out, r, Views.clutter(r));
            return 0;
        });
    }
}
