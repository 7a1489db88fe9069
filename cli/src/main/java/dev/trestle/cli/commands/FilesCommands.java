package dev.trestle.cli.commands;

import static dev.trestle.cli.base.Json.obj;

import com.google.gson.JsonObject;
import dev.trestle.cli.base.Json;
import dev.trestle.cli.output.Views;
import dev.trestle.server.rpc.TrestleProtocol;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code trestle files list|add|remove}. */
@Command(name = "files", description = "List, add (copy in) and remove Workbench files.")
public class FilesCommands extends CommandSupport {

    @Command(name = "list", description = "List the Published files (WorkbenchFilesList).")
    int list(@Parameters(paramLabel = "WB") String wb) {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::workbenchFilesList, obj("workbench_id", wb));
            if (out.json()) {
                out.printJson(r);
            } else {
                out.table(Views.files(r, out.zone()), "no files yet: trestle files add " + wb + " PATH...");
            }
            return 0;
        });
    }

    @Command(name = "add", description = "Copy files into the Workbench (WorkbenchFilesAdd); sources are only read.")
    int add(@Parameters(paramLabel = "WB") String wb,
            @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files to copy in") List<Path> paths) {
        List<String> absolute = new ArrayList<>();
        for (Path p : paths) {
            absolute.add(p.toAbsolutePath().normalize().toString());
        }
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::workbenchFilesAdd,
                    obj("workbench_id", wb, "source_paths", absolute));
            if (out.json()) {
                out.printJson(r);
            } else {
                out.table(Views.addResults(r), "no files given");
                out.line(Views.statusCounts(Json.list(r, "add_results")));
            }
            return 0;
        });
    }

    @Command(name = "remove", description = "Remove files from Published (WorkbenchFilesRemove); an auto checkpoint "
            + "is taken first.")
    int remove(@Parameters(paramLabel = "WB") String wb,
            @Parameters(paramLabel = "NAME", arity = "1..*", description = "Workbench file names") List<String> names) {
        return engine((engine, out) -> {
            engine.onNotification((method, params) -> {
                if ("CheckpointCreated".equals(method)) {
                    out.progress("checkpoint " + Json.str(params, "checkpoint_id") + " ("
                            + Json.str(params, "reason") + ": " + Json.str(params, "description") + ")");
                }
            });
            JsonObject r = engine.call(TrestleProtocol::workbenchFilesRemove,
                    obj("workbench_id", wb, "workbench_paths", names));
            if (out.json()) {
                out.printJson(r);
            } else {
                out.table(Views.removeResults(r), "no files given");
                out.line(Views.statusCounts(Json.list(r, "remove_results")));
            }
            return 0;
        });
    }
}
