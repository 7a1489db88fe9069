package dev.trestle.cli.commands;

import static dev.trestle.cli.base.Json.obj;
import static dev.trestle.cli.base.Json.str;

import com.google.gson.JsonObject;
import dev.trestle.cli.base.CliException;
import dev.trestle.cli.base.ExitCodes;
import dev.trestle.cli.base.Json;
import dev.trestle.cli.base.Terminal;
import dev.trestle.cli.engine.Engine;
import dev.trestle.cli.engine.EngineCallException;
import dev.trestle.cli.output.Formats;
import dev.trestle.cli.output.Output;
import dev.trestle.cli.output.Table;
import dev.trestle.server.rpc.TrestleProtocol;
import java.util.List;
import java.util.Locale;

/**
 * Runs a model call, and when the engine answers {@code EGRESS_CONSENT_REQUIRED} shows exactly what would leave the
 * machine (provider, model, endpoint host, files, scope hash), asks y/N (or takes {@code --yes}), grants consent for
 * this engine run only, and retries once.
 */
public final class ConsentFlow {
    private ConsentFlow() {
    }

    /** A model call that may need consent. */
    @FunctionalInterface
    public interface ModelCall {
        JsonObject run() throws EngineCallException, CliException;
    }

    public static JsonObject run(Engine engine, Output out, Terminal terminal, boolean yes, String wb, ModelCall call)
            throws EngineCallException, CliException {
        try {
            return call.run();
        } catch (EngineCallException e) {
            if (!e.is("EGRESS_CONSENT_REQUIRED")) {
                throw e;
            }
            String provider = e.string("provider_id").orElse("");
            String model = e.string("model_id").orElse("");
            String scopeHash = e.string("scope_hash").orElse("");
            JsonObject files = engine.call(TrestleProtocol::workbenchFilesList, obj("workbench_id", wb));
            for (String line : describe(provider, model, e.string("endpoint_host").orElse(""), scopeHash, files)) {
                out.error(line);
            }
            if (!yes && !confirm(terminal)) {
                throw new CliException(ExitCodes.forErrorCode("EGRESS_CONSENT_REQUIRED"),
                        "consent declined: nothing was sent (your message is kept in the conversation)");
            }
            engine.call(TrestleProtocol::egressGrantWorkshopConsent, obj("workbench_id", wb, "provider_id", provider,
                    "model_id", model, "scope_hash", scopeHash, "persist", false));
            out.error("consent granted for this engine run");
            return call.run();
        }
    }

    /** What a grant would allow to be sent, for the prompt. */
    public static List<String> describe(String provider, String model, String endpointHost, String scopeHash,
            JsonObject files) {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("Sending to " + provider + " (" + model + ") at " + endpointHost + " needs your consent.");
        lines.add("It would send the conversation and these Workbench files (scope " + abbreviate(scopeHash) + "):");
        Table t = new Table("NAME", "SIZE", "SENT AS").alignRight(1);
        for (JsonObject f : Json.list(files, "files")) {
            t.row(str(f, "path"), Formats.size(Json.num(f, "size")),
                    "text".equals(str(f, "file_kind")) ? "content" : "name and size only");
        }
        if (t.isEmpty()) {
            lines.add("  (no files)");
        } else {
            t.lines().forEach(l -> lines.add("  " + l));
        }
        return lines;
    }

    private static boolean confirm(Terminal terminal) {
        String answer = terminal.readLine("Send? [y/N] ");
        if (answer == null) {
            return false;
        }
        String a = answer.trim().toLowerCase(Locale.ROOT);
        return a.equals("y") || a.equals("yes");
    }

    private static String abbreviate(String hash) {
        return hash.length() > 16 ? hash.substring(0, 16) + "…" : hash;
    }
}
