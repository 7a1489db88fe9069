package dev.trestle.cli.commands;

import static dev.trestle.cli.base.Json.bool;
import static dev.trestle.cli.base.Json.obj;
import static dev.trestle.cli.base.Json.str;

import com.google.gson.JsonObject;
import dev.trestle.cli.output.Formats;
import dev.trestle.cli.output.Views;
import dev.trestle.server.rpc.TrestleProtocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trestle consent status|grant|revoke}. */
@Command(name = "consent", description = "Permission to send a Workbench's files to its active model.")
public class ConsentCommands extends CommandSupport {

    @Command(name = "status", description = "Consent for the active model and current files (EgressGetConsentStatus).")
    int status(@Parameters(paramLabel = "WB") String wb) {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::egressGetConsentStatus, obj("workbench_id", wb));
            show(out, r, Views.pairs("consented", Formats.yesNo(bool(r, "consented")),
                    "provider", str(r, "provider_id"), "model", str(r, "model_id"),
                    "endpoint", str(r, "endpoint_host"), "scope hash", str(r, "scope_hash"),
                    "persisted", Formats.yesNo(bool(r, "persisted")),
                    "since", Formats.time(str(r, "consented_at"), out.zone())));
            return 0;
        });
    }

    @Command(name = "grant", description = {"Consent to sending the current files to the active model "
        + "(EgressGrantWorkshopConsent).", "Without --persist it lasts only while this command's engine runs; "
        + "chat and propose ask for it themselves."})
    int grant(@Parameters(paramLabel = "WB") String wb,
            @Option(names = "--persist", description = "Keep it for this Workbench until revoked") boolean persist) {
        return engine((engine, out) -> {
            JsonObject s = engine.call(TrestleProtocol::egressGetConsentStatus, obj("workbench_id", wb));
            JsonObject r = engine.call(TrestleProtocol::egressGrantWorkshopConsent, obj("workbench_id", wb,
                    "provider_id", str(s, "provider_id"), "model_id", str(s, "model_id"),
                    "scope_hash", str(s, "scope_hash"), "persist", persist));
            show(out, r, "consent granted: " + str(s, "provider_id") + " / " + str(s, "model_id") + " at "
                    + str(s, "endpoint_host") + (persist ? " (persisted until revoked or the files change)"
                    : " (this engine run only: it ends with this command; use --persist to keep it)"));
            return 0;
        });
    }

    @Command(name = "revoke", description = "Withdraw session and persisted consent (EgressRevokeWorkshopConsent).")
    int revoke(@Parameters(paramLabel = "WB") String wb) {
        return engine((engine, out) -> {
            show(out, engine.call(TrestleProtocol::egressRevokeWorkshopConsent,
                    obj("workbench_id", wb)), "consent revoked");
            return 0;
        });
    }
}
