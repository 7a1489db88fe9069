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
import picocli.CommandLine.Parameters;

/** {@code trestle workbench create|list|open|delete|scope}. */
@Command(name = "workbench", description = "Create, list, open, delete Workbenches; show their scope.")
public class WorkbenchCommands extends CommandSupport {

    @Command(name = "create", description = "Create a Workbench (WorkbenchCreate).")
    int create(@Parameters(paramLabel = "NAME", arity = "0..1", description = "Name (default: Untitled Workbench)")
            String name) {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::workbenchCreate, obj("name", name));
            show(out, r, "created workbench " + str(r, "workbench_id"));
            return 0;
        });
    }

    @Command(name = "list", description = "List Workbenches, most recently updated first (WorkbenchList).")
    int list() {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::workbenchList, obj());
            if (out.json()) {
                out.printJson(r);
            } else {
                out.table(Views.workbenches(r, out.zone()), "no workbenches yet: trestle workbench create NAME");
            }
            return 0;
        });
    }

    @Command(name = "open", description = "Show a Workbench (WorkbenchOpen).")
    int open(@Parameters(paramLabel = "ID") String id) {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::workbenchOpen, obj("workbench_id", id));
            show(out, r, Views.workbench(Json.child(r, "workbench"), out.zone()));
            return 0;
        });
    }

    @Command(name = "delete", description = "Delete a Workbench with its checkpoints (WorkbenchDelete).")
    int delete(@Parameters(paramLabel = "ID") String id) {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::workbenchDelete, obj("workbench_id", id));
            show(out, r, "deleted workbench " + id);
            return 0;
        });
    }

    @Command(name = "scope", description = "Show limits, readable types, sandbox root and scope hash (WorkbenchGetScope).")
    int scope(@Parameters(paramLabel = "ID") String id) {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::workbenchGetScope, obj("workbench_id", id));
            JsonObject limits = Json.child(r, "limits");
            JsonObject types = Json.child(r, "supported_types");
            show(out, r, Views.pairs("sandbox root", str(r, "sandbox_root"), "scope hash", str(r, "scope_hash"),
                    "max files", String.valueOf(Json.num(limits, "max_files")),
                    "max file size", Formats.size(Json.num(limits, "max_file_bytes")),
                    "readable kinds", String.join(", ", Json.strings(types, "readable_kinds")),
                    "text extensions", String.join(" ", Json.strings(types, "text_extensions"))));
            return 0;
        });
    }

}
