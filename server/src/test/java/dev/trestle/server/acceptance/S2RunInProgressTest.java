package dev.trestle.server.acceptance;

import static dev.trestle.domain.fakes.FakeProviderTransport.hold;
import static dev.trestle.server.acceptance.EngineHarness.params;
import static dev.trestle.server.acceptance.ScenarioSupport.SONNET;
import static dev.trestle.server.acceptance.ScenarioSupport.conversationTypes;
import static dev.trestle.server.acceptance.ScenarioSupport.grant;
import static dev.trestle.server.acceptance.ScenarioSupport.publishedSnapshot;
import static dev.trestle.server.acceptance.ScenarioSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.fakes.FakeProviderTransport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S2: while a Workshop stream is open, mutating requests fail {@code workshop_run_in_progress}; checkpoints work. */
class S2RunInProgressTest {
    @TempDir
    Path tmp;

    @Test
    void while_a_stream_is_held_open_mutations_are_refused_but_a_checkpoint_can_be_taken() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            grant(h, wb, false);
            String u1 = send(h, wb, "Think slowly.");
            FakeProviderTransport.Hold held = hold("Thinking ");
            h.provider.script(held);
            int streamId = h.send("WorkshopStreamAssistantReply",
                    params("workbench_id", wb, "message_id", u1).toString());
            assertThat(held.awaitStarted(EngineHarness.TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            Map<String, String> before = publishedSnapshot(s.dataDir, wb);

            assertThat(h.call("WorkshopGetState", params("workbench_id", wb)).result().get("run_in_progress")
                    .getAsBoolean()).isTrue();
            record Refused(String method, String params) {
            }
            for (Refused r : List.of(
                    new Refused("WorkshopSendUserMessage", params("workbench_id", wb, "text", "more").toString()),
                    new Refused("WorkbenchFilesAdd", params("workbench_id", wb, "source_paths",
                            List.of(s.scopeChange.toString())).toString()),
                    new Refused("WorkbenchFilesRemove", params("workbench_id", wb, "workbench_paths",
                            List.of("data.csv")).toString()),
                    new Refused("WorkbenchDelete", params("workbench_id", wb).toString()),
                    new Refused("WorkshopSetActiveModel", params("workbench_id", wb, "model_id", SONNET).toString()),
                    new Refused("WorkshopStreamAssistantReply", params("workbench_id", wb, "message_id", u1)
                            .toString()),
                    new Refused("WorkshopProposeChanges", params("workbench_id", wb).toString()))) {
                var resp = h.call(r.method(), r.params());
                assertThat(resp.errorCode()).as(r.method()).isEqualTo("VALIDATION_FAILED");
                assertThat(resp.detailToken()).as(r.method()).isEqualTo("workshop_run_in_progress");
            }
            var checkpoint = h.call("CheckpointsCreate", params("workbench_id", wb, "description", "Mid-stream"));
            assertThat(checkpoint.result().get("checkpoint_id").getAsString()).isNotBlank();

            held.release();
            assertThat(h.await(streamId).result().get("message_id").getAsString()).startsWith("a-");
            assertThat(conversationTypes(h, wb)).containsExactly("user_message", "assistant_message");
            assertThat(publishedSnapshot(s.dataDir, wb)).isEqualTo(before);
            assertThat(h.call("WorkbenchOpen", params("workbench_id", wb)).ok()).isTrue();
            assertThat(h.call("WorkshopSendUserMessage", params("workbench_id", wb, "text", "more")).ok()).isTrue();
        }
    }
}
