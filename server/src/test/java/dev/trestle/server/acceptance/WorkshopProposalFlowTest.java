package dev.trestle.server.acceptance;

import static dev.trestle.domain.fakes.FakeProviderTransport.okJson;
import static dev.trestle.server.acceptance.EngineHarness.params;
import static dev.trestle.server.acceptance.ScenarioSupport.GPT;
import static dev.trestle.server.acceptance.ScenarioSupport.conversationTypes;
import static dev.trestle.server.acceptance.ScenarioSupport.egressEvents;
import static dev.trestle.server.acceptance.ScenarioSupport.grant;
import static dev.trestle.server.acceptance.ScenarioSupport.publishedSnapshot;
import static dev.trestle.server.acceptance.ScenarioSupport.scopeHash;
import static dev.trestle.server.acceptance.ScenarioSupport.send;
import static dev.trestle.server.acceptance.ScenarioSupport.strings;
import static dev.trestle.server.acceptance.ScenarioSupport.workbenchDir;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.trestle.domain.port.out.ModelTransportPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Workshop proposal flow (propose → get → apply → Draft → review → publish) and S5 (proposal limits). */
class WorkshopProposalFlowTest {
    static final String PROPOSAL = "Here you go:\n```json\n{\"summary\":\"Add a summary, refresh notes\","
            + "\"no_changes\":false,\"writes\":[{\"path\":\"summary.md\",\"content\":\"# Summary\\nTwo files.\\n\"},"
            + "{\"path\":\"notes.txt\",\"content\":\"fresh notes\\n\"}],\"warnings\":[]}\n```";

    @TempDir
    Path tmp;

    private static long chatRequests(EngineHarness h) {
        return h.provider.calls().stream().filter(c -> c.kind() == ModelTransportPort.Kind.CHAT).count();
    }

    @Test
    void a_proposal_is_stored_applied_into_a_draft_reviewed_and_published() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            send(h, wb, "Write a summary and refresh the notes.");
            grant(h, wb, false);
            String scope = scopeHash(h, wb);
            Map<String, String> before = publishedSnapshot(s.dataDir, wb);

            h.provider.script(okJson(PROPOSAL));
            h.clearNotifications();
            JsonObject proposed = h.call("WorkshopProposeChanges", params("workbench_id", wb)).result();
            String proposalId = proposed.get("proposal_id").getAsString();
            assertThat(proposed.get("no_changes").getAsBoolean()).isFalse();
            assertThat(h.notificationsOf("WorkshopProposalReady")).singleElement()
                    .satisfies(n -> assertThat(n.get("proposal_id").getAsString()).isEqualTo(proposalId));
            assertThat(chatRequests(h)).isEqualTo(1);
            List<JsonObject> events = egressEvents(h, wb);
            JsonObject last = events.get(events.size() - 1);
            assertThat(last.get("kind").getAsString()).isEqualTo("workshop_proposal");
            assertThat(last.get("outcome").getAsString()).isEqualTo("ok");
            assertThat(h.call("WorkshopGetState", params("workbench_id", wb)).result().get("pending_proposal_id")
                    .getAsString()).isEqualTo(proposalId);

            JsonObject proposal = h.call("WorkshopGetProposal", params("workbench_id", wb, "proposal_id",
                    proposalId)).result().getAsJsonObject("proposal");
            assertThat(proposal.get("schema_version").getAsInt()).isEqualTo(1);
            assertThat(proposal.get("model_id").getAsString()).isEqualTo(GPT);
            assertThat(proposal.get("base_scope_hash").getAsString()).isEqualTo(scope);
            assertThat(proposal.get("summary").getAsString()).isEqualTo("Add a summary, refresh notes");
            JsonArray writes = proposal.getAsJsonArray("writes");
            assertThat(writes).hasSize(2);
            assertThat(writes.get(0).getAsJsonObject().get("path").getAsString()).isEqualTo("summary.md");
            assertThat(publishedSnapshot(s.dataDir, wb)).isEqualTo(before);

            h.clearNotifications();
            JsonObject applied = h.call("WorkshopApplyProposal", params("workbench_id", wb, "proposal_id",
                    proposalId)).result();
            String draftId = applied.get("draft_id").getAsString();
            assertThat(h.notificationNames()).containsExactly("DraftStateChanged", "WorkbenchClutterChanged");
            JsonObject draftState = h.notificationsOf("DraftStateChanged").get(0);
            assertThat(draftState.get("has_draft").getAsBoolean()).isTrue();
            assertThat(draftState.get("draft_id").getAsString()).isEqualTo(draftId);
            assertThat(publishedSnapshot(s.dataDir, wb)).isEqualTo(before);
            JsonObject state = h.call("WorkshopGetState", params("workbench_id", wb)).result();
            assertThat(state.get("has_draft").getAsBoolean()).isTrue();
            assertThat(state.has("pending_proposal_id")).isFalse();
            assertThat(conversationTypes(h, wb)).last().isEqualTo("system_event:draft_changes_applied");
            assertThat(Files.readString(workbenchDir(s.dataDir, wb).resolve("draft/summary.md")))
                    .isEqualTo("# Summary\nTwo files.\n");

            JsonObject review = h.call("ReviewGetChangeSet", params("workbench_id", wb)).result();
            assertThat(review.get("draft_id").getAsString()).isEqualTo(draftId);
            List<String> changes = new ArrayList<>();
            review.getAsJsonArray("changes").forEach(c -> changes.add(c.getAsJsonObject().get("path").getAsString()
                    + ":" + c.getAsJsonObject().get("change_type").getAsString()));
            assertThat(changes).containsExactlyInAnyOrder("summary.md:added", "notes.txt:modified");

            h.clearNotifications();
            JsonObject published = h.call("DraftPublish", params("workbench_id", wb)).result();
            assertThat(published.get("checkpoint_id").getAsString()).isNotBlank();
            assertThat(h.notificationNames()).containsExactly("DraftPublishProgress", "DraftPublishProgress",
                    "DraftPublishProgress", "CheckpointCreated", "DraftPublishProgress", "DraftPublishProgress",
                    "DraftStateChanged", "WorkbenchFilesChanged", "WorkbenchClutterChanged");
            JsonObject filesChanged = h.notificationsOf("WorkbenchFilesChanged").get(0);
            assertThat(strings(filesChanged, "added")).containsExactly("summary.md");
            assertThat(strings(filesChanged, "updated")).containsExactly("notes.txt");
            Path pub = workbenchDir(s.dataDir, wb).resolve("published");
            assertThat(Files.readString(pub.resolve("notes.txt"))).isEqualTo("fresh notes\n");
            assertThat(Files.readString(pub.resolve("summary.md"))).isEqualTo("# Summary\nTwo files.\n");
            assertThat(h.call("WorkbenchFilesList", params("workbench_id", wb)).result().getAsJsonArray("files"))
                    .hasSize(3);
            assertThat(h.call("DraftGetState", params("workbench_id", wb)).result().get("has_draft")
                    .getAsBoolean()).isFalse();
            // publishing changed the scope: consent is asked again
            assertThat(ScenarioSupport.consentStatus(h, wb).get("consented").getAsBoolean()).isFalse();
        }
    }

    private static String writes(int count, int bytesEach) {
        StringBuilder b = new StringBuilder("{\"summary\":\"too much\",\"no_changes\":false,\"warnings\":[],"
                + "\"writes\":[");
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : ",").append("{\"path\":\"f").append(i).append(".txt\",\"content\":\"")
                    .append("x".repeat(bytesEach)).append("\"}");
        }
        return b.append("]}").toString();
    }

    static Stream<Arguments> oversizedProposals() {
        return Stream.of(
                Arguments.of("11 writes", writes(11, 10)),
                Arguments.of("one content of 1 048 577 bytes", writes(1, 1_048_577)),
                Arguments.of("three 921 600-byte contents", writes(3, 921_600)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oversizedProposals")
    void s5_a_proposal_over_the_limits_twice_is_invalid_appends_proposal_failed_and_stores_nothing(
            String name, String answer) throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            send(h, wb, "Change everything.");
            grant(h, wb, false);
            Map<String, String> before = publishedSnapshot(s.dataDir, wb);
            h.provider.script(okJson(answer), okJson(answer));
            h.clearNotifications();
            var r = h.call("WorkshopProposeChanges", params("workbench_id", wb));
            JsonObject e = r.errorInfo();
            assertThat(e.get("error_code").getAsString()).isEqualTo("VALIDATION_FAILED");
            assertThat(r.detailToken()).isEqualTo("proposal_invalid");
            assertThat(strings(e, "actions")).containsExactly("retry");
            assertThat(e.get("phase").getAsString()).isEqualTo("workshop");
            assertThat(e.get("subphase").getAsString()).isEqualTo("proposal");
            assertThat(e.get("provider_id").getAsString()).isEqualTo("openai");
            assertThat(e.get("model_id").getAsString()).isEqualTo(GPT);
            assertThat(chatRequests(h)).isEqualTo(2);
            assertThat(conversationTypes(h, wb)).last().isEqualTo("system_event:proposal_failed");
            assertThat(h.notificationNames()).containsExactly("WorkbenchClutterChanged");
            Path proposals = workbenchDir(s.dataDir, wb).resolve("meta/workshop/proposals");
            if (Files.exists(proposals)) {
                try (Stream<Path> files = Files.list(proposals)) {
                    assertThat(files.toList()).isEmpty();
                }
            }
            JsonObject state = h.call("WorkshopGetState", params("workbench_id", wb)).result();
            assertThat(state.has("pending_proposal_id")).isFalse();
            assertThat(state.get("has_draft").getAsBoolean()).isFalse();
            List<JsonObject> events = egressEvents(h, wb);
            JsonObject last = events.get(events.size() - 1);
            assertThat(last.get("kind").getAsString()).isEqualTo("workshop_proposal");
            assertThat(last.get("outcome").getAsString()).isEqualTo("error");
            assertThat(last.get("error_code").getAsString()).isEqualTo("VALIDATION_FAILED");
            assertThat(publishedSnapshot(s.dataDir, wb)).isEqualTo(before);
        }
    }
}
