package dev.trestle.cli.commands;

import static dev.trestle.cli.base.Json.bool;
import static dev.trestle.cli.base.Json.obj;
import static dev.trestle.cli.base.Json.str;

import com.google.gson.JsonObject;
import dev.trestle.cli.output.Formats;
import dev.trestle.cli.output.Views;
import dev.trestle.server.rpc.TrestleProtocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code trestle draft state|publish|discard|review|revert}. */
@Command(name = "draft", description = "The Draft: model changes waiting for your decision.")
public class DraftCommands extends CommandSupport {

    @Command(name = "state", description = "Whether a Draft exists (DraftGetState).")
    int state(@Parameters(paramLabel = "WB") String wb) {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::draftGetState, obj("workbench_id", wb));
            show(out, r, bool(r, "has_draft")
                    ? Views.pairs("draft", str(r, "draft_id"), "created", Formats.time(str(r, "created_at"),
                            out.zone()), "source", (str(r, "source_kind") + " " + str(r, "source_ref")).trim())
                    : java.util.List.of("no draft"));
            return 0;
        });
    }

    @Command(name = "publish", description = "Make the Draft the new Published state (DraftPublish); a publish "
            + "checkpoint is taken.")
    int publish(@Parameters(paramLabel = "WB") String wb) {
        return engine((engine, out) -> {
            engine.onNotification(Notifications.printer(out));
            JsonObject r = engine.call(TrestleProtocol::draftPublish, obj("workbench_id", wb));
            show(out, r, "published at " + Formats.time(str(r, "published_at"), out.zone()) + " (checkpoint "
                    + str(r, "checkpoint_id") + ")");
            return 0;
        });
    }

    @Command(name = "discard", description = "Throw the Draft away (DraftDiscard).")
    int discard(@Parameters(paramLabel = "WB") String wb) {
        return engine((engine, out) -> {
            show(out, engine.call(TrestleProtocol::draftDiscard, obj("workbench_id", wb)), "draft discarded");
            return 0;
        });
    }

    @Command(name = "review", description = "What the Draft changes against Published (ReviewGetChangeSet).")
    int review(@Parameters(paramLabel = "WB") String wb) {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::reviewGetChangeSet, obj("workbench_id", wb));
            if (out.json()) {
                out.printJson(r);
            } else {
                out.line("draft " + str(r, "draft_id"));
                out.table(Views.changes(r), "no changes");
            }
            return 0;
        });
    }

    @Command(name = "revert", description = "Reject one changed file in review: the Draft's version goes back to "
            + "the Published one, an added file leaves the Draft (DraftRevertFile). Publish then publishes the rest.")
    int revert(@Parameters(paramLabel = "WB") String wb, @Parameters(paramLabel = "PATH") String path) {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::draftRevertFile, obj("workbench_id", wb, "path", path));
            if (out.json()) {
                out.printJson(r);
            } else {
                out.line("reverted " + path + "; left in the draft:");
                out.table(Views.changes(r), "no changes (publish publishes nothing; discard drops the draft)");
            }
            return 0;
        });
    }
}
