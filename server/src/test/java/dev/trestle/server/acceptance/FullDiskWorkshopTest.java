package dev.trestle.server.acceptance;

import static dev.trestle.server.acceptance.EngineHarness.params;
import static dev.trestle.server.acceptance.ScenarioSupport.GPT;
import static dev.trestle.server.acceptance.ScenarioSupport.SONNET;
import static dev.trestle.server.acceptance.ScenarioSupport.conversation;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.trestle.adapters.support.FaultyFileSystem;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Full-disk sweeps of the settings, consent, conversation, proposal and Draft RPCs. */
class FullDiskWorkshopTest extends FullDiskSweep {
    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void send_user_message(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        String text = "Please look at the numbers. ".repeat(40);
        int failures = sweep(fault, () -> h.call("WorkshopSendUserMessage", params("workbench_id", wb, "text", text)),
                ok -> {
                    String id = ok.result().get("message_id").getAsString();
                    List<JsonObject> messages = conversation(h, wb);
                    assertThat(messages).hasSize(1);
                    assertThat(messages.get(0).get("message_id").getAsString()).isEqualTo(id);
                    assertThat(messages.get(0).get("text").getAsString()).isEqualTo(text);
                });
        assertThat(failures).isPositive();
        h.restart();
        assertThat(conversation(h, wb)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void set_active_model(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        int failures = sweep(fault, () -> h.call("WorkshopSetActiveModel", params("workbench_id", wb, "model_id",
                SONNET)), ok -> assertThat(h.call("WorkshopGetState", params("workbench_id", wb)).result()
                .get("active_model_id").getAsString()).isEqualTo(SONNET));
        assertThat(failures).isPositive();
        h.restart();
        assertThat(h.call("WorkshopGetState", params("workbench_id", wb)).result().get("active_model_id")
                .getAsString()).isEqualTo(SONNET);
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void set_api_key_and_defaults(FaultyFileSystem.Fault fault) throws Exception {
        sweep(fault, () -> h.call("ProvidersSetApiKey", params("provider_id", "mistral", "api_key", "m-key-123")),
                ok -> assertThat(ScenarioSupport.provider(h, "mistral").get("configured").getAsBoolean()).isTrue());
        sweep(fault, () -> h.call("UserSetDefaultModel", params("model_id", GPT)),
                ok -> assertThat(h.call("UserGetDefaultModel", "{}").result().get("model_id").getAsString())
                        .isEqualTo(GPT));
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void settings_and_workbench_defaults(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        sweep(fault, () -> h.call("ProvidersSetEnabled", params("provider_id", "anthropic", "enabled", false)),
                ok -> assertThat(ScenarioSupport.provider(h, "anthropic").get("enabled").getAsBoolean()).isFalse());
        sweep(fault, () -> h.call("WorkbenchSetDefaultModel", params("workbench_id", wb, "model_id", SONNET)),
                ok -> assertThat(h.call("WorkbenchGetDefaultModel", params("workbench_id", wb)).result()
                        .get("model_id").getAsString()).isEqualTo(SONNET));
        sweep(fault, () -> h.call("ProvidersClearApiKey", params("provider_id", "openai")),
                ok -> assertThat(ScenarioSupport.provider(h, "openai").get("configured").getAsBoolean()).isFalse());
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void consent_grant_and_revoke(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        JsonObject status = ScenarioSupport.consentStatus(h, wb);
        sweep(fault, () -> h.call("EgressGrantWorkshopConsent", params("workbench_id", wb,
                "provider_id", status.get("provider_id").getAsString(), "model_id", status.get("model_id").getAsString(),
                "scope_hash", status.get("scope_hash").getAsString(), "persist", true)),
                ok -> assertThat(ScenarioSupport.consentStatus(h, wb).get("consented").getAsBoolean()).isTrue());
        sweep(fault, () -> h.call("EgressRevokeWorkshopConsent", params("workbench_id", wb)),
                ok -> assertThat(ScenarioSupport.consentStatus(h, wb).get("consented").getAsBoolean()).isFalse());
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void draft_publish(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        ScenarioSupport.send(h, wb, "Write a summary and refresh the notes.");
        ScenarioSupport.grant(h, wb, false);
        h.provider.script(dev.trestle.domain.fakes.FakeProviderTransport.okJson(WorkshopProposalFlowTest.PROPOSAL));
        String proposal = h.call("WorkshopProposeChanges", params("workbench_id", wb)).result().get("proposal_id")
                .getAsString();
        sweep(fault, () -> h.call("WorkshopApplyProposal", params("workbench_id", wb, "proposal_id", proposal)),
                ok -> assertThat(h.call("DraftGetState", params("workbench_id", wb)).result().get("has_draft")
                        .getAsBoolean()).isTrue());
        int failures = sweep(fault, () -> h.call("DraftPublish", params("workbench_id", wb)),
                ok -> assertThat(files(wb)).containsExactlyInAnyOrder("notes.txt", "data.csv", "summary.md"));
        assertThat(failures).isPositive();
        h.restart();
        assertThat(files(wb)).containsExactlyInAnyOrder("notes.txt", "data.csv", "summary.md");
        assertThat(h.call("DraftGetState", params("workbench_id", wb)).result().get("has_draft").getAsBoolean())
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void stream_assistant_reply(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        String u = ScenarioSupport.send(h, wb, "Summarise the numbers.");
        ScenarioSupport.grant(h, wb, false);
        h.provider.times(MAX_ROUNDS, dev.trestle.domain.fakes.FakeProviderTransport.ok("The numbers ", "look fine."));
        egressIsAudit = true;
        int failures = sweep(fault, () -> ScenarioSupport.stream(h, wb, u), ok -> {
            List<JsonObject> messages = messages(wb);
            assertThat(messages).hasSize(2);
            assertThat(messages.get(1).get("text").getAsString()).isEqualTo("The numbers look fine.");
        });
        assertThat(failures).isPositive();
        h.restart();
        assertThat(messages(wb)).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void propose_dismiss_and_discard(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        ScenarioSupport.send(h, wb, "Write a summary and refresh the notes.");
        ScenarioSupport.grant(h, wb, false);
        h.provider.times(MAX_ROUNDS, dev.trestle.domain.fakes.FakeProviderTransport.okJson(
                WorkshopProposalFlowTest.PROPOSAL));
        egressIsAudit = true;
        String[] proposal = new String[1];
        int failures = sweep(fault, () -> h.call("WorkshopProposeChanges", params("workbench_id", wb)), ok -> {
            proposal[0] = ok.result().get("proposal_id").getAsString();
            assertThat(h.call("WorkshopGetState", params("workbench_id", wb)).result().get("pending_proposal_id")
                    .getAsString()).isEqualTo(proposal[0]);
        });
        assertThat(failures).isPositive();
        egressIsAudit = false;
        sweep(fault, () -> h.call("WorkshopDismissProposal", params("workbench_id", wb, "proposal_id",
                proposal[0])), ok -> assertThat(h.call("WorkshopGetState", params("workbench_id", wb)).result()
                .has("pending_proposal_id")).isFalse());
        egressIsAudit = true;
        String second = h.call("WorkshopProposeChanges", params("workbench_id", wb)).result().get("proposal_id")
                .getAsString();
        egressIsAudit = false;
        assertThat(h.call("WorkshopApplyProposal", params("workbench_id", wb, "proposal_id", second)).ok()).isTrue();
        sweep(fault, () -> h.call("DraftDiscard", params("workbench_id", wb)),
                ok -> assertThat(h.call("DraftGetState", params("workbench_id", wb)).result().get("has_draft")
                        .getAsBoolean()).isFalse());
        assertThat(files(wb)).containsExactlyInAnyOrder("notes.txt", "data.csv");
    }
}
