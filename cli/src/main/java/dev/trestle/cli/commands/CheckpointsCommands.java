package dev.trestle.cli.commands;

import static dev.trestle.cli.base.Json.obj;
import static dev.trestle.cli.base.Json.str;

import com.google.gson.JsonObject;
import dev.trestle.cli.base.Json;
import dev.trestle.cli.output.Formats;
import dev.trestle.cli.output.Views;
import dev.trestle.server.rpc.TrestleProtocol;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trestle checkpoints list|get|create|restore|diff|pin|unpin}. */
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
            + "state is kept as a pre_restore checkpoint. With --path, only those files (names as listed, any case; "
            + "a file the checkpoint lacks is removed).")
    int restore(@Parameters(paramLabel = "WB") String wb, @Parameters(paramLabel = "ID") String id,
            @Option(names = {"-p", "--path"}, paramLabel = "P", description = "Restore only this file (repeatable)")
            List<String> paths) {
        return engine((engine, out) -> {
            engine.onNotification(Notifications.printer(out));
            JsonObject r = engine.call(TrestleProtocol::checkpointsRestore, obj("workbench_id", wb, "checkpoint_id", id,
                    "paths", paths == null || paths.isEmpty() ? null : paths));
            String what = paths == null || paths.isEmpty() ? "restored " + id
                    : "restored " + Views.restoredPaths(r) + " from " + id;
            show(out, r, what + " at " + Formats.time(str(r, "restored_at"), out.zone())
                    + "; undo with: trestle checkpoints restore " + wb + " " + str(r, "pre_restore_checkpoint_id"));
            return 0;
        });
    }

    @Command(name = "diff", description = "What differs from checkpoint FROM to checkpoint TO, or to the current "
            + "files when TO is absent (CheckpointsDiff).")
    int diff(@Parameters(paramLabel = "WB") String wb, @Parameters(paramLabel = "FROM") String from,
            @Parameters(paramLabel = "TO", arity = "0..1") String to) {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::checkpointsDiff, obj("workbench_id", wb, "from_checkpoint_id", from,
                    "to_checkpoint_id", to));
            if (out.json()) {
                out.printJson(r);
            } else {
                out.table(Views.diff(r), "no differences");
                out.line(Views.diffSummary(r, to == null ? "the current files" : to));
            }
            return 0;
        });
    }

    @Command(name = "pin", description = "Pin a checkpoint: retention never prunes it (CheckpointsSetPinned).")
    int pin(@Parameters(paramLabel = "WB") String wb, @Parameters(paramLabel = "ID") String id) {
        return setPinned(wb, id, true);
    }

    @Command(name = "unpin", description = "Unpin a checkpoint; retention may prune it again (CheckpointsSetPinned).")
    int unpin(@Parameters(paramLabel = "WB") String wb, @Parameters(paramLabel = "ID") String id) {
        return setPinned(wb, id, false);
    }

    private int setPinned(String wb, String id, boolean pinned) {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::checkpointsSetPinned,
                    obj("workbench_id", wb, "checkpoint_id", id, "pinned", pinned));
            show(out, r, (pinned ? "pinned " : "unpinned ") + id);
            return 0;
        });
    }
}
