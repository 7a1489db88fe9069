package dev.trestle.server.acceptance;

import static dev.trestle.domain.fakes.FakeProviderTransport.ok;
import static dev.trestle.server.acceptance.EngineHarness.params;
import static dev.trestle.server.acceptance.ScenarioSupport.clutter;
import static dev.trestle.server.acceptance.ScenarioSupport.grant;
import static dev.trestle.server.acceptance.ScenarioSupport.send;
import static dev.trestle.server.acceptance.ScenarioSupport.setKey;
import static dev.trestle.server.acceptance.ScenarioSupport.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.trestle.domain.fakes.FakeClock;
import dev.trestle.domain.fakes.FakeProviderTransport;
import dev.trestle.domain.model.ExchangeResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AC6.3 — conversation weights and the stream-time clutter throttle, with the engine on an injected clock. */
class Ac6StreamClutterTest {
    @TempDir
    Path tmp;

    private static long usage(EngineHarness h, String wb) {
        return clutter(h, wb).get("usage_tokens_estimate").getAsLong();
    }

    @Test
    void ac6_3_messages_and_replies_add_their_tokens_and_a_model_switch_adds_nothing() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            grant(h, wb, false);
            long base = usage(h, wb);
            String question = "How much did each region spend? ".repeat(125);
            String u = send(h, wb, question);
            assertThat(usage(h, wb)).isEqualTo(base + TokenOracle.message(question));
            String reply = "North spent the most; south the least. ".repeat(20);
            h.provider.script(ok(reply.substring(0, 400), reply.substring(400)));
            h.clearNotifications();
            assertThat(stream(h, wb, u).ok()).isTrue();
            List<JsonObject> notes = h.notificationsOf("WorkbenchClutterChanged");
            long conversation = TokenOracle.message(question) + TokenOracle.message(reply);
            assertThat(notes.get(notes.size() - 1).get("usage_tokens_estimate").getAsLong())
                    .isEqualTo(base + conversation);
            setKey(h, "mistral", ScenarioSupport.MISTRAL_KEY);
            assertThat(h.call("WorkshopSetActiveModel", params("workbench_id", wb, "model_id",
                    ScenarioSupport.MISTRAL)).ok()).isTrue();
            // the model_switched event is never sent: the conversation item is the same messages, scaled by the prior
            assertThat(TokenOracle.item(clutter(h, wb), "conversation", null))
                    .isEqualTo((long) Math.ceil(conversation * 1.35 - 1e-9));
        }
    }

    @Test
    void ac6_3_stream_time_clutter_comes_250_ms_after_the_first_delta_then_at_least_250_ms_apart()
            throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        FakeClock clock = new FakeClock();
        try (EngineHarness h = EngineHarness.startWithClock(s.dataDir, clock)) {
            String wb = s.standardSetup(h);
            grant(h, wb, false);
            long base = usage(h, wb);
            String u = send(h, wb, "Continue");
            long[] gapsMs = {0, 100, 150, 100, 149, 1}; // deltas at 0, 100, 250, 350, 499, 500 ms
            FakeProviderTransport.Step paced = (listener, cancel) -> {
                for (long gap : gapsMs) {
                    clock.advanceMillis(gap);
                    listener.onDelta("abcd");
                }
                return new ExchangeResult.Completed(10, gapsMs.length);
            };
            h.provider.script(paced);
            h.clearNotifications();
            assertThat(stream(h, wb, u).ok()).isTrue();

            String d = "WorkshopAssistantStreamDelta";
            String c = "WorkbenchClutterChanged";
            assertThat(h.notificationNames()).containsExactly(d, d, d, c, d, d, d, c,
                    "WorkshopAssistantMessageComplete", c);
            List<JsonObject> clutter = h.notificationsOf(c);
            // in-flight text counts as the message it will become
            long withMessage = base + TokenOracle.message("Continue");
            assertThat(clutter.get(0).get("usage_tokens_estimate").getAsLong())
                    .isEqualTo(withMessage + TokenOracle.message("abcd".repeat(3)));
            assertThat(TokenOracle.item(clutter.get(0), "stream", null)).isEqualTo(TokenOracle.message("abcd".repeat(3)));
            assertThat(clutter.get(1).get("usage_tokens_estimate").getAsLong())
                    .isEqualTo(withMessage + TokenOracle.message("abcd".repeat(6)));
            assertThat(clutter.get(2).get("usage_tokens_estimate").getAsLong())
                    .isEqualTo(withMessage + TokenOracle.message("abcd".repeat(6)));
            assertThat(clutter).allMatch(n -> n.has("level") && n.get("workbench_id").getAsString().equals(wb));
        }
    }
}
