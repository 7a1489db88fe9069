package dev.trestle.cli.commands;

import static dev.trestle.cli.base.Json.bool;
import static dev.trestle.cli.base.Json.obj;
import static dev.trestle.cli.base.Json.str;

import com.google.gson.JsonObject;
import dev.trestle.cli.base.Json;
import dev.trestle.cli.engine.NotificationListener;
import dev.trestle.cli.output.Output;
import dev.trestle.cli.output.Views;
import dev.trestle.server.rpc.TrestleProtocol;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The Workshop commands: {@code chat}, {@code propose}, {@code apply}. */
public final class WorkshopCommands {
    private WorkshopCommands() {
    }

    /** Prints stream deltas live (human mode) and other notifications as progress lines. */
    static NotificationListener streamPrinter(Output out) {
        NotificationListener progress = Notifications.printer(out);
        return (method, params) -> {
            if ("WorkshopAssistantStreamDelta".equals(method)) {
                if (!out.json()) {
                    out.out().print(str(params, "token_delta"));
                    out.out().flush();
                }
            } else if ("WorkshopAssistantMessageComplete".equals(method)) {
                if (!out.json()) {
                    out.line("");
                }
            } else if (!"WorkbenchClutterChanged".equals(method)) {
                progress.onNotification(method, params);
            }
        };
    }

    /** {@code trestle chat WB "message"}. */
    @Command(name = "chat", description = {"Send a message to the Workbench's active model and print the reply as it "
        + "streams (WorkshopSendUserMessage + WorkshopStreamAssistantReply).",
        "If consent is needed, shows what would be sent and asks y/N."})
    public static class Chat extends CommandSupport implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "WB")
        String wb;
        @Parameters(index = "1", paramLabel = "MESSAGE")
        String message;
        @Option(names = {"-y", "--yes"}, description = "Grant consent without asking")
        boolean yes;

        @Override
        public Integer call() {
            return engine((engine, out) -> {
                engine.onNotification(streamPrinter(out));
                JsonObject sent = engine.call(TrestleProtocol::workshopSendUserMessage,
                        obj("workbench_id", wb, "text", message));
                String messageId = str(sent, "message_id");
                JsonObject r = ConsentFlow.run(engine, out, cli().terminal(), yes, wb, () -> engine.call(
                        TrestleProtocol::workshopStreamAssistantReply, obj("workbench_id", wb, "message_id", messageId)));
                if (out.json()) {
                    out.printJson(r);
                }
                return 0;
            });
        }
    }

    /** {@code trestle propose WB}. */
    @Command(name = "propose", description = "Ask the active model to turn the conversation into file changes "
            + "(WorkshopProposeChanges) and show the proposal.")
    public static class Propose extends CommandSupport implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "WB")
        String wb;
        @Option(names = {"-y", "--yes"}, description = "Grant consent without asking")
        boolean yes;

        @Override
        public Integer call() {
            return engine((engine, out) -> {
                engine.onNotification(Notifications.printer(out));
                JsonObject r = ConsentFlow.run(engine, out, cli().terminal(), yes, wb,
                        () -> engine.call(TrestleProtocol::workshopProposeChanges, obj("workbench_id", wb)));
                if (out.json()) {
                    out.printJson(r);
                    return 0;
                }
                if (bool(r, "no_changes")) {
                    out.line("the model proposes no changes");
                    return 0;
                }
                String id = str(r, "proposal_id");
                JsonObject p = engine.call(TrestleProtocol::workshopGetProposal, obj("workbench_id", wb, "proposal_id", id));
                Views.proposal(Json.child(p, "proposal")).forEach(out::line);
                out.line("apply it with: trestle apply " + wb + " " + id);
                return 0;
            });
        }
    }

    /** {@code trestle apply WB PROPOSAL_ID}. */
    @Command(name = "apply", description = "Apply a proposal into a Draft (WorkshopApplyProposal); Published is not "
            + "touched until you publish.")
    public static class Apply extends CommandSupport implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "WB")
        String wb;
        @Parameters(index = "1", paramLabel = "PROPOSAL_ID")
        String proposalId;

        @Override
        public Integer call() {
            return engine((engine, out) -> {
                engine.onNotification(Notifications.printer(out));
                JsonObject r = engine.call(TrestleProtocol::workshopApplyProposal,
                        obj("workbench_id", wb, "proposal_id", proposalId));
                show(out, r, bool(r, "no_changes") ? "nothing to apply: the proposal has no changes"
                        : "draft " + str(r, "draft_id") + " created; review: trestle draft review " + wb
                        + "; publish: trestle draft publish " + wb);
                return 0;
            });
        }
    }
}
