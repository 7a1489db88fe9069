package dev.trestle.cli.tour;

import static dev.trestle.cli.base.Json.bool;
import static dev.trestle.cli.base.Json.list;
import static dev.trestle.cli.base.Json.obj;
import static dev.trestle.cli.base.Json.str;

import static dev.trestle.cli.tour.TourSteps.expectError;
import static dev.trestle.cli.tour.TourSteps.require;

import com.google.gson.JsonObject;
import dev.trestle.cli.base.CliException;
import dev.trestle.cli.base.ExitCodes;
import dev.trestle.cli.base.Json;
import dev.trestle.cli.commands.ConsentFlow;
import dev.trestle.cli.engine.ConnectedEngine;
import dev.trestle.cli.engine.EngineCallException;
import dev.trestle.cli.engine.EngineConnector;
import dev.trestle.cli.engine.LaunchSpec;
import dev.trestle.cli.output.ErrorText;
import dev.trestle.cli.output.Formats;
import dev.trestle.cli.output.Output;
import dev.trestle.cli.output.Table;
import dev.trestle.cli.output.Views;
import dev.trestle.cli.sim.SettingsFile;
import dev.trestle.cli.sim.Simulator;
import dev.trestle.cli.tour.TourSteps.Body;
import dev.trestle.cli.tour.TourSteps.Stop;
import dev.trestle.cli.tour.TourSteps.Unexpected;
import dev.trestle.server.rpc.TrestleProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The narrated tour's script: each step prints what it is about to show, does it over the real protocol, prints the
 * result and checks it ({@link TourSteps} runs and reports steps, {@link TourNotifications} records what the engine
 * announced). The first unexpected outcome stops the tour with {@link ExitCodes#TOUR_FAILED}.
 */
final class Tour {
    private static final String OFFLINE_PROVIDER = "google";
    private static final String OFFLINE_MODEL = "google:gemini-3-pro-preview";
    private static final String SIM_PROVIDER = "openai";
    private static final String SIM_MODEL = "openai:gpt-5.2";
    private static final String PROPOSED_FILE = "shopping-list.md";

    private final Output out;
    private final LaunchSpec engineLocation;
    private final EngineConnector connector;
    private final boolean verbose;
    private final boolean keep;
    private final TourSteps runner;
    private final TourNotifications notifications;

    private ConnectedEngine engine;
    private Simulator simulator;
    private String workbench;
    private List<Path> samples;

    Tour(Output out, LaunchSpec engineLocation, EngineConnector connector, boolean verbose, boolean keep) {
        this.out = out;
        this.engineLocation = engineLocation;
        this.connector = connector;
        this.verbose = verbose;
        this.keep = keep;
        this.runner = new TourSteps(out, verbose);
        this.notifications = new TourNotifications(out);
    }

    int run() throws CliException {
        Path root;
        try {
            root = Files.createTempDirectory("trestle-tour-");
        } catch (IOException e) {
            throw new CliException(ExitCodes.INTERNAL, "cannot create a temporary folder for the tour");
        }
        Path data = root.resolve("data");
        Path sampleDir = root.resolve("samples");
        out.line("Trestle tour: a fresh engine in " + data + ", sample files in " + sampleDir + ".");
        out.line("Your real Trestle data is not touched" + (keep ? "; the folder is kept (--keep)." : "; the folder "
                + "is deleted at the end."));
        try {
            prepare(root, data, sampleDir);
            basics();
            workshopWithoutKey();
            out.line("");
            out.line("Tour complete: " + runner.count() + " steps, every one behaved as expected.");
            return ExitCodes.OK;
        } catch (Stop e) {
            out.line("");
            out.line("Tour stopped at step " + runner.count() + ": that step did not behave as expected.");
            if (engine != null && !verbose && !engine.stderrText().isBlank()) {
                out.error("engine stderr:");
                for (String line : engine.stderrText().strip().split("\\R")) {
                    out.error("  " + line);
                }
            }
            return ExitCodes.TOUR_FAILED;
        } finally {
            if (engine != null) {
                engine.close();
            }
            if (simulator != null) {
                simulator.close();
            }
            if (keep) {
                out.line("Kept: " + root);
            } else {
                ScratchFolders.delete(root, out);
            }
        }
    }

    private void prepare(Path root, Path data, Path sampleDir) throws Stop, CliException {
        step("Write four sample files (three text, one opaque binary) to a scratch folder.", () -> {
            samples = SampleFiles.write(sampleDir);
            Table t = new Table("FILE", "SIZE").alignRight(1);
            for (Path p : samples) {
                t.row(p.getFileName(), Formats.size(Files.size(p)));
            }
            return t.lines();
        });
        step("Start the provider simulator (local HTTPS on 127.0.0.1 with a throw-away CA) and point every "
                    + "provider at it in the fresh settings.json, before the engine starts. The engine gets "
                    + "--allow-custom-endpoints, so no request can reach a real provider.", () -> {
                    simulator = Simulator.start(0, root.resolve("simulator"));
                    SettingsFile.writeEndpoints(data, SettingsFile.parseEndpoints(simulator.endpointSettingsJson()));
                    return List.of("listening on " + simulator.baseUrl(), "CA certificate " + simulator.caPemPath());
                });
        step("Start the engine as a child process and talk JSON-RPC to it over stdio (LSP4J), like the editor "
                + "extension does.", () -> {
                engine = connector.connect(engineLocation.with(data, true), verbose ? out.err() : null);
                engine.onNotification(notifications::onNotification);
                JsonObject info = engine.engineInfo();
                return List.of("engine " + str(info, "engine_version") + ", api_version " + str(info, "api_version")
                        + " (from " + engineLocation.origin() + ")");
            });
    }

    private void basics() throws Stop, CliException {
        step("Provider status: no API keys stored yet.", () -> {
            JsonObject r = engine.call(TrestleProtocol::providersGetStatus, obj());
            for (JsonObject p : list(r, "providers")) {
                if (bool(p, "configured")) {
                    throw new Unexpected(str(p, "provider_id") + " already has a key in a fresh data dir");
                }
            }
            return Views.providers(r, out.zone()).lines();
        });
        step("Create a workbench: a sandbox folder of copies of the files you choose.", () -> {
            workbench = str(engine.call(TrestleProtocol::workbenchCreate, obj("name", "Garden plan")), "workbench_id");
            require(!workbench.isEmpty(), "WorkbenchCreate returned no workbench_id");
            return List.of("workbench " + workbench);
        });
        step("Add the sample files. The engine copies them in; the originals are only read.", () -> {
            List<String> paths = new ArrayList<>();
            samples.forEach(p -> paths.add(p.toString()));
            JsonObject r = engine.call(TrestleProtocol::workbenchFilesAdd,
                    obj("workbench_id", workbench, "source_paths", paths));
            List<JsonObject> results = list(r, "add_results");
            require(results.size() == samples.size()
                    && results.stream().allMatch(x -> "added".equals(str(x, "status"))), "not every file was added");
            return Views.addResults(r).lines();
        });
        step("List the Published files: kinds, sizes, content hashes.", () -> fileLines(samples.size(), null));
        step("Clutter: how much of the active model's context window these files would take.", () ->
                List.of(Views.clutter(engine.call(TrestleProtocol::workbenchGetClutter, obj("workbench_id", workbench)))));
        step("The supported models. None is available yet: no provider has a key.", () ->
                Views.models(engine.call(TrestleProtocol::modelsListSupported, obj())).lines());
        step("Try to switch the workbench to " + OFFLINE_MODEL + ". Its provider has no key, so the engine refuses "
                + "with a structured error (a code, and actions a client can offer).", () -> ErrorText.lines(
                expectError("PROVIDER_NOT_CONFIGURED", () -> engine.call(TrestleProtocol::workshopSetActiveModel,
                        obj("workbench_id", workbench, "model_id", OFFLINE_MODEL)))));
        step("Store a dummy key for " + OFFLINE_PROVIDER + ". Keys are kept encrypted, never logged, and storing "
                + "one makes no network call (only 'providers validate' would).", () -> {
                JsonObject r = engine.call(TrestleProtocol::providersSetApiKey, obj("provider_id", OFFLINE_PROVIDER,
                        "api_key", "tour-dummy-key-not-a-real-secret"));
                require(bool(r, "configured"), "the key was not stored");
                require(simulator.requestCount() == 0, "storing a key sent a request");
                return List.of("configured: yes; requests the simulator has seen so far: 0");
            });
        step("Switch to " + OFFLINE_MODEL + " now. The engine announces the change and the new clutter.", () -> {
            int before = notifications.mark();
            engine.call(TrestleProtocol::workshopSetActiveModel, obj("workbench_id", workbench, "model_id", OFFLINE_MODEL));
            require(notifications.seenSince(before, "WorkshopModelChanged"), "no WorkshopModelChanged notification");
            return List.of("active model: " + OFFLINE_MODEL);
        });
        step("Clutter again: same files, a 1M-token window.", () ->
                List.of(Views.clutter(engine.call(TrestleProtocol::workbenchGetClutter, obj("workbench_id", workbench)))));
        String[] manual = new String[1];
        step("Take a manual checkpoint of the Published files.", () -> {
            manual[0] = str(engine.call(TrestleProtocol::checkpointsCreate, obj("workbench_id", workbench,
                    "description", "Tour: four sample files")), "checkpoint_id");
            require(!manual[0].isEmpty(), "CheckpointsCreate returned no checkpoint_id");
            return List.of("checkpoint " + manual[0]);
        });
        step("Remove " + SampleFiles.TODO + ". The engine takes an automatic checkpoint first.", () -> {
            int before = notifications.mark();
            JsonObject r = engine.call(TrestleProtocol::workbenchFilesRemove, obj("workbench_id", workbench,
                    "workbench_paths", List.of(SampleFiles.TODO)));
            require(list(r, "remove_results").stream().allMatch(x -> "removed".equals(str(x, "status"))),
                    SampleFiles.TODO + " was not removed");
            require(notifications.since(before).stream().anyMatch(n -> "CheckpointCreated".equals(str(n, "method"))
                    && "auto".equals(str(Json.child(n, "params"), "reason"))), "no automatic checkpoint was announced");
            return Views.removeResults(r).lines();
        });
        step("The files now.", () -> fileLines(samples.size() - 1, SampleFiles.TODO));
        step("The checkpoints: the manual one and the automatic one, sharing stored content.", () -> {
            JsonObject r = engine.call(TrestleProtocol::checkpointsList, obj("workbench_id", workbench));
            require(list(r, "checkpoints").size() >= 2, "expected at least two checkpoints");
            List<String> lines = new ArrayList<>(Views.checkpoints(r, out.zone()).lines());
            lines.add(Views.store(r));
            return lines;
        });
        step("Restore the manual checkpoint. The current state is saved first (pre_restore), so this is undoable.",
                () -> {
                JsonObject r = engine.call(TrestleProtocol::checkpointsRestore, obj("workbench_id", workbench,
                        "checkpoint_id", manual[0]));
                require(!str(r, "pre_restore_checkpoint_id").isEmpty(), "no pre_restore checkpoint id");
                return List.of("restored; undo point " + str(r, "pre_restore_checkpoint_id"));
            });
        step("The files after the restore: " + SampleFiles.TODO + " is back.", () -> {
            List<String> lines = fileLines(samples.size(), null);
            JsonObject r = engine.call(TrestleProtocol::workbenchFilesList, obj("workbench_id", workbench));
            require(list(r, "files").stream().anyMatch(f -> SampleFiles.TODO.equals(str(f, "path"))),
                    SampleFiles.TODO + " did not come back");
            return lines;
        });
    }

    private void workshopWithoutKey() throws Stop, CliException {
        boolean served = workshopServed();
        if (!served) {
            step("The Workshop (chat with the model): this engine build does not serve it yet "
                    + "(WorkshopStreamAssistantReply answers -32601), so the model steps are skipped.",
                    () -> List.of("skipped"));
            return;
        }
        step("Ask the Workshop for a reply without a key: clear " + OFFLINE_PROVIDER + "'s key, send a message and "
                + "request the reply. The engine stops before anything leaves the machine.", () -> {
                engine.call(TrestleProtocol::providersClearApiKey, obj("provider_id", OFFLINE_PROVIDER));
                String message = str(engine.call(TrestleProtocol::workshopSendUserMessage, obj("workbench_id", workbench,
                        "text", "What should I buy first?")), "message_id");
                List<String> lines = new ArrayList<>(ErrorText.lines(expectError("PROVIDER_NOT_CONFIGURED",
                        () -> engine.call(TrestleProtocol::workshopStreamAssistantReply,
                                obj("workbench_id", workbench, "message_id", message)))));
                lines.add("(your message stays in the conversation; the model was not called)");
                return lines;
            });
        workshopWithSimulator();
    }

    private void workshopWithSimulator() throws Stop, CliException {
        step("Store a key for " + SIM_PROVIDER + " and validate it: one real HTTPS call, to the simulator.", () -> {
            engine.call(TrestleProtocol::providersSetApiKey,
                    obj("provider_id", SIM_PROVIDER, "api_key", "sk-tour-simulated-key"));
            JsonObject r = engine.call(TrestleProtocol::providersValidate, obj("provider_id", SIM_PROVIDER));
            require(bool(r, "ok"), "validation did not answer ok");
            return List.of("valid (checked " + Formats.time(str(r, "validated_at"), out.zone()) + ")");
        });
        step("Provider status now shows where " + SIM_PROVIDER + " requests go.", () -> {
            JsonObject r = engine.call(TrestleProtocol::providersGetStatus, obj());
            JsonObject p = list(r, "providers").stream().filter(x -> SIM_PROVIDER.equals(str(x, "provider_id")))
                    .findFirst().orElseThrow(() -> new Unexpected("no " + SIM_PROVIDER + " in ProvidersGetStatus"));
            require(str(p, "endpoint_host").startsWith("localhost"), "endpoint_host is " + str(p, "endpoint_host"));
            return Views.providers(r, out.zone()).lines();
        });
        step("Switch to " + SIM_MODEL + ".", () -> {
            engine.call(TrestleProtocol::workshopSetActiveModel, obj("workbench_id", workbench, "model_id", SIM_MODEL));
            return List.of("active model: " + SIM_MODEL);
        });
        String[] message = new String[1];
        EngineCallException[] consent = new EngineCallException[1];
        step("Ask for a reply. The engine first asks for consent: exactly this provider, model, endpoint and set of "
                + "files.", () -> {
                message[0] = str(engine.call(TrestleProtocol::workshopSendUserMessage, obj("workbench_id", workbench,
                        "text", "Which item in my budget is the largest?")), "message_id");
                consent[0] = expectError("EGRESS_CONSENT_REQUIRED", () -> engine.call(
                        TrestleProtocol::workshopStreamAssistantReply,
                        obj("workbench_id", workbench, "message_id", message[0])));
                JsonObject files = engine.call(TrestleProtocol::workbenchFilesList, obj("workbench_id", workbench));
                return ConsentFlow.describe(consent[0].string("provider_id").orElse(""),
                        consent[0].string("model_id").orElse(""), consent[0].string("endpoint_host").orElse(""),
                        consent[0].string("scope_hash").orElse(""), files);
            });
        step("Grant that consent for this engine run only (trestle chat asks y/N at this point).", () -> {
            engine.call(TrestleProtocol::egressGrantWorkshopConsent, obj("workbench_id", workbench,
                    "provider_id", consent[0].string("provider_id").orElse(""),
                    "model_id", consent[0].string("model_id").orElse(""),
                    "scope_hash", consent[0].string("scope_hash").orElse(""), "persist", false));
            JsonObject s = engine.call(TrestleProtocol::egressGetConsentStatus, obj("workbench_id", workbench));
            require(bool(s, "consented"), "consent status is not consented after the grant");
            return List.of("consented: " + str(s, "provider_id") + " / " + str(s, "model_id") + " at "
                    + str(s, "endpoint_host"));
        });
        step("Stream the reply; the text arrives in pieces.", () -> {
            int before = notifications.mark();
            notifications.resetStream();
            JsonObject r = engine.call(TrestleProtocol::workshopStreamAssistantReply, obj("workbench_id", workbench,
                    "message_id", message[0]));
            require(notifications.seenSince(before, "WorkshopAssistantStreamDelta"), "no stream deltas arrived");
            require(notifications.seenSince(before, "WorkshopAssistantMessageComplete"), "no completion notification");
            return List.of("reply: " + notifications.streamed().strip(), "stored as " + str(r, "message_id") + " by "
                    + str(r, "model_id"));
        });
        proposalSteps();
    }

    private void proposalSteps() throws Stop, CliException {
        String[] proposal = new String[1];
        step("Ask the model to turn the conversation into file changes: a proposal, not yet applied. (The "
                + "simulator is scripted to answer with a proposal object.)", () -> {
            simulator.scriptProposal(SIM_PROVIDER, proposalJson());
            JsonObject r = engine.call(TrestleProtocol::workshopProposeChanges, obj("workbench_id", workbench));
            require(!bool(r, "no_changes"), "the proposal has no changes");
            proposal[0] = str(r, "proposal_id");
            JsonObject p = engine.call(TrestleProtocol::workshopGetProposal, obj("workbench_id", workbench, "proposal_id",
                    proposal[0]));
            return Views.proposal(Json.child(p, "proposal"));
        });
        step("Apply it. Changes land in a Draft; the Published files are untouched.", () -> {
            JsonObject r = engine.call(TrestleProtocol::workshopApplyProposal, obj("workbench_id", workbench,
                    "proposal_id", proposal[0]));
            require(!str(r, "draft_id").isEmpty(), "no draft was created");
            return List.of("draft " + str(r, "draft_id"));
        });
        step("Review the Draft against Published.", () -> {
            JsonObject r = engine.call(TrestleProtocol::reviewGetChangeSet, obj("workbench_id", workbench));
            require(list(r, "changes").stream().anyMatch(c -> PROPOSED_FILE.equals(str(c, "path"))),
                    PROPOSED_FILE + " is not in the change set");
            return Views.changes(r).lines();
        });
        String[] publishCheckpoint = new String[1];
        step("Publish the Draft. A checkpoint of the state before it is taken first.", () -> {
            JsonObject r = engine.call(TrestleProtocol::draftPublish, obj("workbench_id", workbench));
            publishCheckpoint[0] = str(r, "checkpoint_id");
            return List.of("published; checkpoint " + publishCheckpoint[0]);
        });
        step("The files now include " + PROPOSED_FILE + ".", () -> fileLines(samples.size() + 1, null));
        step("Changed your mind? Restore the checkpoint taken before publishing.", () -> {
            engine.call(TrestleProtocol::checkpointsRestore,
                    obj("workbench_id", workbench, "checkpoint_id", publishCheckpoint[0]));
            return fileLines(samples.size(), PROPOSED_FILE);
        });
    }

    private static String proposalJson() {
        JsonObject write = obj("path", PROPOSED_FILE, "content",
                "# Shopping list\n\n1. Timber (240 EUR)\n2. Soil (130 EUR)\n3. Drip irrigation (95 EUR)\n");
        com.google.gson.JsonArray writes = new com.google.gson.JsonArray();
        writes.add(write);
        JsonObject p = obj("summary", "Add a shopping list ordered by cost", "no_changes", false, "writes", writes,
                "warnings", new com.google.gson.JsonArray());
        return p.toString();
    }

    // ---- helpers ----

    private void step(String narration, Body body) throws Stop {
        runner.step(narration, body);
    }

    private List<String> fileLines(int expectedCount, String mustBeAbsent)
            throws EngineCallException, CliException, Unexpected {
        JsonObject r = engine.call(TrestleProtocol::workbenchFilesList, obj("workbench_id", workbench));
        List<JsonObject> files = list(r, "files");
        require(files.size() == expectedCount, "expected " + expectedCount + " files, found " + files.size());
        if (mustBeAbsent != null) {
            require(files.stream().noneMatch(f -> mustBeAbsent.equals(str(f, "path"))), mustBeAbsent
                    + " is still listed");
        }
        Table t = Views.files(r, out.zone());
        return t.lines();
    }

    private boolean workshopServed() throws CliException {
        try {
            engine.call(TrestleProtocol::workshopStreamAssistantReply, obj());
            return true;
        } catch (EngineCallException e) {
            return e.rpcCode() != EngineCallException.METHOD_NOT_FOUND;
        }
    }
}
