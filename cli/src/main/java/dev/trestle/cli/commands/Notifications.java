package dev.trestle.cli.commands;

import static dev.trestle.cli.base.Json.bool;
import static dev.trestle.cli.base.Json.str;
import static dev.trestle.cli.base.Json.strings;

import com.google.gson.JsonObject;
import dev.trestle.cli.engine.NotificationListener;
import dev.trestle.cli.output.Output;
import dev.trestle.cli.output.Views;
import java.util.ArrayList;
import java.util.List;

/** Shows the engine's notifications ({@code rpc.md} §4) as progress lines while a command runs. */
public final class Notifications {
    private Notifications() {
    }

    /** A listener printing each notification as one progress line ({@link Output#progress}). */
    public static NotificationListener printer(Output out) {
        return (method, params) -> {
            String line = describe(method, params);
            if (line != null) {
                out.progress("  · " + line);
            }
        };
    }

    /** One line for a notification, or null for those not shown (stream deltas are printed by {@code chat}). */
    public static String describe(String method, JsonObject p) {
        switch (method) {
            case "WorkbenchClutterChanged":
                return "clutter " + Views.clutter(p);
            case "WorkshopModelChanged":
                return "model " + str(p, "previous_model_id") + " -> " + str(p, "model_id");
            case "CheckpointCreated":
                return "checkpoint " + str(p, "checkpoint_id") + " created (" + str(p, "reason") + ": "
                        + str(p, "description") + ")";
            case "CheckpointPinChanged":
                return "checkpoint " + str(p, "checkpoint_id") + (bool(p, "pinned") ? " pinned" : " unpinned");
            case "CheckpointRestoreProgress":
                return "restore: " + str(p, "phase") + (p.has("percent") ? " " + str(p, "percent") + "%" : "");
            case "CheckpointRestored":
                return "restored " + str(p, "checkpoint_id") + " (undo point: " + str(p, "pre_restore_checkpoint_id")
                        + ")";
            case "DraftPublishProgress":
                return "publish: " + str(p, "phase");
            case "DraftStateChanged":
                return bool(p, "has_draft") ? "draft " + str(p, "draft_id") + " open" : "no draft";
            case "WorkbenchFilesChanged":
                return filesChanged(p);
            case "WorkshopProposalReady":
                return "proposal " + str(p, "proposal_id") + " ready";
            case "WorkshopRunCancelRequested":
                return "cancel requested";
            default:
                return null;
        }
    }

    private static String filesChanged(JsonObject p) {
        List<String> parts = new ArrayList<>();
        if (!strings(p, "added").isEmpty()) {
            parts.add("added " + String.join(", ", strings(p, "added")));
        }
        if (!strings(p, "removed").isEmpty()) {
            parts.add("removed " + String.join(", ", strings(p, "removed")));
        }
        if (!strings(p, "updated").isEmpty()) {
            parts.add("updated " + String.join(", ", strings(p, "updated")));
        }
        return "files " + (parts.isEmpty() ? "unchanged" : String.join("; ", parts));
    }
}
