package dev.trestle.cli.output;

import dev.trestle.cli.engine.EngineCallException;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders an engine error for people: {@code error: <CODE> (<detail>)}, the provider context when there is one,
 * and the suggested {@code actions} in words. Never includes request params (an API key could be among them).
 */
public final class ErrorText {
    private ErrorText() {
    }

    /** The lines to print on stderr for an engine error. */
    public static List<String> lines(EngineCallException e) {
        List<String> lines = new ArrayList<>();
        if (e.errorCode().isEmpty()) {
            lines.add("error: engine protocol error " + e.rpcCode() + " in " + e.method() + " (" + e.getMessage() + ")");
            if (e.rpcCode() == EngineCallException.METHOD_NOT_FOUND) {
                lines.add("  this engine build does not serve " + e.method() + "; use a CLI and engine from the same"
                        + " release");
            }
            return lines;
        }
        String detail = e.detail().orElse("");
        lines.add("error: " + e.errorCode().get() + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"));
        List<String> context = new ArrayList<>();
        e.string("provider_id").ifPresent(v -> context.add("provider " + v));
        e.string("model_id").ifPresent(v -> context.add("model " + v));
        e.string("endpoint_host").ifPresent(v -> context.add("endpoint " + v));
        e.string("retry_after_seconds").ifPresent(v -> context.add("retry after " + v + " s"));
        e.string("tokens_requested").ifPresent(v -> context.add("prompt " + v + " tokens"));
        e.string("tokens_limit").ifPresent(v -> context.add("model limit " + v + " tokens"));
        if (!context.isEmpty()) {
            lines.add("  " + String.join(", ", context));
        }
        List<String> actions = e.actions();
        if (!actions.isEmpty()) {
            lines.add("  what you can do:");
            String wb = e.string("workbench_id").orElse("WB");
            String provider = e.string("provider_id").orElse("PROVIDER");
            for (String action : actions) {
                lines.add("    - " + actionInWords(action, wb, provider));
            }
        }
        return lines;
    }

    /** One suggested action as a sentence naming the command that does it. */
    public static String actionInWords(String action, String workbenchId, String providerId) {
        switch (action) {
            case "retry":
                return "try again (the same command)";
            case "switch_model":
                return "switch to another model: trestle models use " + workbenchId + " MODEL";
            case "open_settings":
                return "configure the provider: trestle providers set-key " + providerId
                        + " (and providers enable " + providerId + ")";
            case "restore_checkpoint":
                return "restore a checkpoint: trestle checkpoints list " + workbenchId
                        + ", then checkpoints restore " + workbenchId + " ID";
            case "free_disk_space":
                return "free some disk space";
            case "review_draft":
                return "review the draft: trestle draft review " + workbenchId;
            case "discard_draft":
                return "discard the draft: trestle draft discard " + workbenchId;
            case "resume":
                return "resume the interrupted run";
            case "view_report":
                return "view the report";
            default:
                return action;
        }
    }
}
