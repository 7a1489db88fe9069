package dev.trestle.cli.output;

import static dev.trestle.cli.base.Json.bool;
import static dev.trestle.cli.base.Json.child;
import static dev.trestle.cli.base.Json.dbl;
import static dev.trestle.cli.base.Json.list;
import static dev.trestle.cli.base.Json.num;
import static dev.trestle.cli.base.Json.str;

import com.google.gson.JsonObject;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Human renderings of the engine's result types ({@code rpc.md} §2); pure functions of the JSON, for testing. */
public final class Views {
    private Views() {
    }

    /** {@code WorkbenchList}. */
    public static Table workbenches(JsonObject result, ZoneId zone) {
        Table t = new Table("ID", "NAME", "DEFAULT MODEL", "DRAFT", "UPDATED");
        for (JsonObject wb : list(result, "workbenches")) {
            t.row(str(wb, "id"), str(wb, "name"), str(wb, "default_model_id"), Formats.yesNo(bool(wb, "has_draft")),
                    Formats.time(str(wb, "updated_at"), zone));
        }
        return t;
    }

    /** One {@code Workbench} as label/value lines. */
    public static List<String> workbench(JsonObject wb, ZoneId zone) {
        return pairs("id", str(wb, "id"), "name", str(wb, "name"), "created", Formats.time(str(wb, "created_at"), zone),
                "updated", Formats.time(str(wb, "updated_at"), zone), "default model", str(wb, "default_model_id"),
                "draft", Formats.yesNo(bool(wb, "has_draft")));
    }

    /** {@code WorkbenchFilesList}. */
    public static Table files(JsonObject result, ZoneId zone) {
        Table t = new Table("NAME", "KIND", "SIZE", "MODIFIED", "SHA-256").alignRight(2);
        for (JsonObject f : list(result, "files")) {
            String sha = str(f, "sha256");
            t.row(str(f, "path"), str(f, "file_kind") + (bool(f, "is_opaque") ? " (opaque)" : ""),
                    Formats.size(num(f, "size")), Formats.time(str(f, "modified_at"), zone),
                    sha.length() > 12 ? sha.substring(0, 12) : sha);
        }
        return t;
    }

    /** {@code WorkbenchFilesAdd}. */
    public static Table addResults(JsonObject result) {
        Table t = new Table("SOURCE", "NAME", "STATUS", "REASON");
        for (JsonObject r : list(result, "add_results")) {
            t.row(str(r, "source_path"), str(r, "file_name"), str(r, "status"), str(r, "reason"));
        }
        return t;
    }

    /** {@code WorkbenchFilesRemove}. */
    public static Table removeResults(JsonObject result) {
        Table t = new Table("NAME", "STATUS", "REASON");
        for (JsonObject r : list(result, "remove_results")) {
            t.row(str(r, "path"), str(r, "status"), str(r, "reason"));
        }
        return t;
    }

    /** A summary such as {@code 2 added, 1 skipped} of add/remove results. */
    public static String statusCounts(List<JsonObject> results) {
        java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (JsonObject r : results) {
            counts.merge(str(r, "status"), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(v + " " + k));
        return parts.isEmpty() ? "nothing to do" : String.join(", ", parts);
    }

    /** {@code ModelsListSupported}. */
    public static Table models(JsonObject result) {
        Table t = new Table("MODEL", "NAME", "PROVIDER", "CONTEXT", "AVAILABLE").alignRight(3);
        for (JsonObject m : list(result, "models")) {
            t.row(str(m, "model_id"), str(m, "display_name"), str(m, "provider_id"),
                    tokens(num(m, "context_tokens_estimate")), Formats.yesNo(bool(m, "available")));
        }
        return t;
    }

    /** {@code ProvidersGetStatus}. */
    public static Table providers(JsonObject result, ZoneId zone) {
        Table t = new Table("PROVIDER", "NAME", "KEY", "ENABLED", "STATUS", "ENDPOINT", "VALIDATED", "LAST ERROR");
        for (JsonObject p : list(result, "providers")) {
            JsonObject lastError = child(p, "last_error");
            t.row(str(p, "provider_id"), str(p, "display_name"), bool(p, "configured") ? "stored" : "none",
                    Formats.yesNo(bool(p, "enabled")), str(p, "status"), str(p, "endpoint_host"),
                    Formats.time(str(p, "last_validated_at"), zone), str(lastError, "error_code"));
        }
        return t;
    }

    /** {@code CheckpointsList}. */
    public static Table checkpoints(JsonObject result, ZoneId zone) {
        Table t = new Table("ID", "CREATED", "REASON", "FILES", "SIZE", "RESTORABLE", "PINNED", "DESCRIPTION")
                .alignRight(3, 4);
        for (JsonObject c : list(result, "checkpoints")) {
            JsonObject stats = child(c, "stats");
            t.row(str(c, "checkpoint_id"), Formats.time(str(c, "created_at"), zone), str(c, "reason"),
                    num(stats, "files"), Formats.size(num(stats, "total_bytes")), Formats.yesNo(bool(c, "restorable")),
                    bool(c, "pinned") ? "pinned" : "", str(c, "description"));
        }
        return t;
    }

    /** One {@code CheckpointMetadata}. */
    public static List<String> checkpoint(JsonObject c, ZoneId zone) {
        JsonObject stats = child(c, "stats");
        return pairs("id", str(c, "checkpoint_id"), "created", Formats.time(str(c, "created_at"), zone),
                "reason", str(c, "reason"), "description", str(c, "description"),
                "files", String.valueOf(num(stats, "files")), "size", Formats.size(num(stats, "total_bytes")),
                "restorable", Formats.yesNo(bool(c, "restorable")), "pinned", Formats.yesNo(bool(c, "pinned")));
    }

    /** The rows of a {@code CheckpointsDiff}: one per added, removed or changed file, in name order. */
    public static Table diff(JsonObject r) {
        Table t = new Table("CHANGE", "FILE", "FROM", "TO").alignRight(2, 3);
        java.util.List<String[]> rows = new java.util.ArrayList<>();
        for (JsonObject e : list(r, "added")) {
            rows.add(new String[] {"added", str(e, "path"), "", Formats.size(num(e, "size"))});
        }
        for (JsonObject e : list(r, "removed")) {
            rows.add(new String[] {"removed", str(e, "path"), Formats.size(num(e, "size")), ""});
        }
        for (JsonObject e : list(r, "changed")) {
            rows.add(new String[] {"changed", str(e, "path"), Formats.size(num(e, "from_size")),
                    Formats.size(num(e, "to_size"))});
        }
        rows.sort(java.util.Comparator.comparing((String[] x) -> x[1]));
        rows.forEach(x -> t.row((Object[]) x));
        return t;
    }

    /** The count line under a {@code CheckpointsDiff} table. */
    public static String diffSummary(JsonObject r, String to) {
        return list(r, "added").size() + " added, " + list(r, "removed").size() + " removed, "
                + list(r, "changed").size() + " changed, " + num(r, "unchanged") + " unchanged (from "
                + str(r, "from_checkpoint_id") + " to " + to + ")";
    }

    /** The {@code restored_paths} of a per-file restore, comma separated ("nothing" when none changed). */
    public static String restoredPaths(JsonObject r) {
        if (!r.has("restored_paths") || r.getAsJsonArray("restored_paths").isEmpty()) {
            return "nothing";
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        r.getAsJsonArray("restored_paths").forEach(e -> names.add(e.getAsString()));
        return String.join(", ", names);
    }

    /** The {@code store} line of {@code CheckpointsList}. */
    public static String store(JsonObject result) {
        JsonObject store = child(result, "store");
        String line = "content store: " + num(store, "objects") + " objects, " + Formats.size(num(store, "bytes"))
                + " on disk";
        return store.has("max_bytes") ? line + " (budget " + Formats.size(num(store, "max_bytes")) + ")" : line;
    }

    /**
     * A {@code ClutterState} (or the flat {@code WorkbenchClutterChanged} payload): the next request's tokens against
     * the usable window (window minus the output reserve), with how the figure was obtained and its band.
     */
    public static String clutter(JsonObject c) {
        String line = Formats.clutterBar(dbl(c, "score"), str(c, "level")) + "  ("
                + tokens(num(c, "usage_tokens_estimate"));
        if (c.has("usable_context_tokens")) {
            line += " of " + tokens(num(c, "usable_context_tokens")) + " usable tokens (window "
                    + tokens(num(c, "context_tokens_estimate")) + " − " + tokens(num(c, "reserved_output_tokens"))
                    + " for the reply), " + str(c, "source") + " ±" + percent(dbl(c, "error_band_percent")) + ", ";
        } else {
            line += " of " + tokens(num(c, "context_tokens_estimate")) + " tokens, ";
        }
        return line + str(c, "model_id") + ")";
    }

    /** The breakdown of a {@code ClutterState}: one row per item, as listed (files largest first), with its share. */
    public static Table clutterBreakdown(JsonObject c) {
        Table t = new Table("ITEM", "TOKENS", "SHARE").alignRight(1, 2);
        long total = Math.max(1, num(c, "usage_tokens_estimate"));
        for (JsonObject i : list(c, "breakdown")) {
            String kind = str(i, "kind");
            String name = switch (kind) {
                case "file" -> str(i, "path");
                case "other_files" -> num(i, "files") + " other files";
                case "system" -> "(instructions and manifest)";
                case "conversation" -> "(conversation)";
                case "stream" -> "(reply so far)";
                default -> "(" + kind + ")";
            };
            long n = num(i, "tokens");
            t.row(name, tokens(n), Math.round(n * 1000.0 / total) / 10.0 + "%");
        }
        return t;
    }

    private static String percent(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) + "%" : v + "%";
    }

    /** {@code ReviewGetChangeSet}. */
    public static Table changes(JsonObject result) {
        Table t = new Table("CHANGE", "NAME");
        for (JsonObject c : list(result, "changes")) {
            t.row(str(c, "change_type"), str(c, "path"));
        }
        return t;
    }

    /** A {@code Proposal}: summary, writes with sizes, warnings. */
    public static List<String> proposal(JsonObject p) {
        List<String> lines = new ArrayList<>();
        lines.add("proposal " + str(p, "proposal_id") + " by " + str(p, "model_id"));
        lines.add("summary: " + str(p, "summary"));
        if (bool(p, "no_changes")) {
            lines.add("no changes proposed");
        }
        Table writes = new Table("WRITE", "SIZE").alignRight(1);
        for (JsonObject w : list(p, "writes")) {
            writes.row(str(w, "path"), Formats.size(str(w, "content").getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    .length));
        }
        if (!writes.isEmpty()) {
            lines.addAll(writes.lines());
        }
        for (String warning : dev.trestle.cli.base.Json.strings(p, "warnings")) {
            lines.add("warning: " + warning);
        }
        return lines;
    }

    /** Token counts with thousands separators: {@code 200 000}. */
    public static String tokens(long n) {
        String digits = Long.toString(Math.abs(n));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                sb.append(' ');
            }
            sb.append(digits.charAt(i));
        }
        return (n < 0 ? "-" : "") + sb;
    }

    /** Aligned {@code label: value} lines. */
    public static List<String> pairs(String... labelValues) {
        int width = 0;
        for (int i = 0; i < labelValues.length; i += 2) {
            width = Math.max(width, labelValues[i].length());
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < labelValues.length; i += 2) {
            String label = labelValues[i] + ":";
            out.add((label + " ".repeat(width + 2 - label.length()) + labelValues[i + 1]).stripTrailing());
        }
        return out;
    }
}
