package dev.trestle.cli.commands;

import static dev.trestle.cli.base.Json.obj;
import static dev.trestle.cli.base.Json.str;

import com.google.gson.JsonObject;
import dev.trestle.cli.base.Json;
import dev.trestle.cli.output.Formats;
import dev.trestle.cli.output.Views;
import dev.trestle.server.rpc.TrestleProtocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code trestle models list|caps|default|workbench-default|use}. */
@Command(name = "models", description = "Models: list, capabilities, defaults, switch the active model.",
        subcommands = ModelsCommands.Default.class)
public class ModelsCommands extends CommandSupport {

    @Command(name = "list", description = "Supported models in registry order (ModelsListSupported).")
    int list() {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::modelsListSupported, obj());
            if (out.json()) {
                out.printJson(r);
            } else {
                out.table(Views.models(r), "no models");
            }
            return 0;
        });
    }

    @Command(name = "caps", description = "A model's capabilities (ModelsGetCapabilities).")
    int caps(@Parameters(paramLabel = "MODEL") String model) {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::modelsGetCapabilities, obj("model_id", model));
            JsonObject c = Json.child(r, "capabilities");
            show(out, r, Views.pairs("model", model,
                    "context", Views.tokens(Json.num(c, "context_tokens_estimate")) + " tokens",
                    "reads files", Formats.yesNo(Json.bool(c, "supports_file_read")),
                    "writes files", Formats.yesNo(Json.bool(c, "supports_file_write"))));
            return 0;
        });
    }

    @Command(name = "workbench-default", description = "Get, or with MODEL set, a Workbench's default model "
            + "(WorkbenchGetDefaultModel / WorkbenchSetDefaultModel); the active model is not changed.")
    int workbenchDefault(@Parameters(paramLabel = "WB") String wb,
            @Parameters(paramLabel = "MODEL", arity = "0..1") String model) {
        return engine((engine, out) -> {
            if (model == null) {
                JsonObject r = engine.call(TrestleProtocol::workbenchGetDefaultModel, obj("workbench_id", wb));
                show(out, r, str(r, "model_id"));
            } else {
                JsonObject r = engine.call(TrestleProtocol::workbenchSetDefaultModel,
                        obj("workbench_id", wb, "model_id", model));
                show(out, r, "workbench default model set to " + model);
            }
            return 0;
        });
    }

    @Command(name = "use", description = "Switch the Workbench's active model (WorkshopSetActiveModel); the "
            + "provider needs a key and must be enabled.")
    int use(@Parameters(paramLabel = "WB") String wb, @Parameters(paramLabel = "MODEL") String model) {
        return engine((engine, out) -> {
            engine.onNotification(Notifications.printer(out));
            JsonObject r = engine.call(TrestleProtocol::workshopSetActiveModel, obj("workbench_id", wb, "model_id", model));
            show(out, r, "active model: " + model);
            return 0;
        });
    }

    /** {@code trestle models default get|set}. */
    @Command(name = "default", description = "The user default model for new Workbenches.")
    public static class Default extends CommandSupport {
        @Command(name = "get", description = "UserGetDefaultModel.")
        int get() {
            return engine((engine, out) -> {
                JsonObject r = engine.call(TrestleProtocol::userGetDefaultModel, obj());
                show(out, r, str(r, "model_id"));
                return 0;
            });
        }

        @Command(name = "set", description = "UserSetDefaultModel.")
        int set(@Parameters(paramLabel = "MODEL") String model) {
            return engine((engine, out) -> {
                JsonObject r = engine.call(TrestleProtocol::userSetDefaultModel, obj("model_id", model));
                show(out, r, "user default model set to " + model);
                return 0;
            });
        }
    }
}
