package dev.trestle.cli.commands;

import static dev.trestle.cli.base.Json.obj;
import static dev.trestle.cli.base.Json.str;

import com.google.gson.JsonObject;
import dev.trestle.cli.base.Json;
import dev.trestle.cli.output.Formats;
import dev.trestle.cli.output.Views;
import dev.trestle.server.rpc.TrestleProtocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trestle checkpoints list|get|create|restore}. */
@Command(name = "checkpoints", description = "Restorable snapshots of the Published files.")
public class CheckpointsCommands extends CommandSupport {

    @Command(name = "list", description = "Checkpoints, newest first, and the content store size (CheckpointsList).")
    int list(@Parameters(paramLabel = "WB") String wb) {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::checkpointsList, obj("workbench_id", wb));
            if (out.json()) {
                out.printJson(r);
            } else {
                out.table(Views.checkpoints(r, out.zone()), "no checkpoints yet");
                out.line(Views.store(r));
            }
            return 0;
        });
    }

    @Command(name = "get", description = "One checkpoint (CheckpointsGet).")
    int get(@Parameters(paramLabel = "WB") String wb, @Parameters(paramLabel = "ID") String id) {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::checkpointsGet, obj("workbench_id", wb, "checkpoint_id", id));
            show(out, r, Views.checkpoint(Json.child(r, "checkpoint"), out.zone()));
            return 0;
        });
    }

    @Command(name = "create", description = "Take a manual checkpoint (CheckpointsCreate).")
    int create(@Parameters(paramLabel = "WB") String wb,
            @Option(names = {"-m", "--message"}, paramLabel = "DESC", description = "One-line description")
            String description) {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::checkpointsCreate,
                    obj("workbench_id", wb, "description", description));
            show(out, r, "created checkpoint " + str(r, "checkpoint_id"));
            return 0;
        });
    }

    @Command(name = "restore", description = "Restore Published to a checkpoint (CheckpointsRestore); the current "
            + "state is kept as a pre_restore checkpoint.")
    int restore(@Parameters(paramLabel = "WB") String wb, @Parameters(paramLabel = "ID") String id) {
        return engine((engine, out) -> {
            engine.onNotification(Notifications.printer(out));
            JsonObject r = engine.call(TrestleProtocol::checkpointsRestore, obj("workbench_id", wb, "checkpoint_id", id));
            show(out, r, "restored " + id + " at " + Formats.time(str(r, "restored_at"), out.zone())
                    + "; undo with: trestle checkpoints restore " + wb + " " + str(r, "pre_restore_checkpoint_id"));
            return 0;
        });
    }
}
