package dev.trestle.cli.commands;

import static dev.trestle.cli.base.Json.child;
import static dev.trestle.cli.base.Json.list;
import static dev.trestle.cli.base.Json.obj;
import static dev.trestle.cli.base.Json.str;

import com.google.gson.JsonObject;
import dev.trestle.cli.output.Formats;
import dev.trestle.server.rpc.TrestleProtocol;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trestle egress log WB}: what left the machine for a Workbench (EgressListEvents). */
@Command(name = "egress", description = "What was sent from a Workbench, and the consent it was sent under.")
public class EgressCommands extends CommandSupport {

    @Command(name = "log", description = {"The Workbench's egress log (EgressListEvents), oldest first: consent "
        + "grants and revokes, and a receipt for every request that left (provider, model, endpoint, scope hash, the files whose "
        + "content was sent with their blob sha256, bytes and estimated tokens, the SHA-256 of the exact request body, "
        + "the HTTP status, reported usage and outcome).", "Never a key, never file content."})
    int log(@Parameters(paramLabel = "WB") String wb,
            @Option(names = "--limit", paramLabel = "N", description = "Only the last N events") Integer limit) {
        return engine((engine, out) -> {
            JsonObject params = limit == null ? obj("workbench_id", wb) : obj("workbench_id", wb, "limit", limit);
            JsonObject r = engine.call(TrestleProtocol::egressListEvents, params);
            show(out, r, lines(r, out.zone()));
            return 0;
        });
    }

    /** One line per event; a receipt adds one line per file sent. */
    static List<String> lines(JsonObject result, ZoneId zone) {
        List<String> out = new ArrayList<>();
        List<JsonObject> events = list(result, "events");
        if (events.isEmpty()) {
            out.add("(nothing was sent from this Workbench)");
        }
        for (JsonObject e : events) {
            StringBuilder line = new StringBuilder(Formats.time(str(e, "timestamp"), zone)).append("  ")
                    .append(str(e, "kind")).append("  ").append(str(e, "provider_id"));
            if (!str(e, "model_id").isEmpty()) {
                line.append(" / ").append(str(e, "model_id"));
            }
            line.append(" @ ").append(str(e, "endpoint_host")).append("  scope ").append(abbrev(str(e, "scope_hash")));
            JsonObject receipt = child(e, "receipt");
            if (!receipt.entrySet().isEmpty()) {
                line.append("  body sha256 ").append(str(receipt, "body_sha256")).append(" (")
                        .append(str(receipt, "body_bytes")).append(" B)  HTTP ")
                        .append(str(receipt, "http_status").isEmpty() ? "-" : str(receipt, "http_status"))
                        .append("  ").append(str(receipt, "outcome"));
                if (!str(receipt, "usage_input_tokens").isEmpty()) {
                    line.append("  usage ").append(str(receipt, "usage_input_tokens")).append(" in / ")
                            .append(str(receipt, "usage_output_tokens")).append(" out");
                }
                out.add(line.toString());
                for (JsonObject f : list(receipt, "files")) {
                    out.add("    sent " + str(f, "name") + "  sha256 " + str(f, "sha256") + "  " + str(f, "bytes")
                            + " B  ~" + str(f, "tokens") + " tokens" + (Boolean.parseBoolean(str(f, "truncated"))
                            ? " (truncated)" : ""));
                }
                continue;
            }
            if (!str(e, "outcome").isEmpty()) {
                line.append("  ").append(str(e, "outcome"));
            }
            if (!str(e, "error_code").isEmpty()) {
                line.append(" ").append(str(e, "error_code"));
            }
            out.add(line.toString());
        }
        return out;
    }

    private static String abbrev(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }
}
