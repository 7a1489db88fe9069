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
    void ac6_3_messages_replies_and_model_switches_weigh_bytes_over_four_and_nothing() throws Exception {
        ScenarioSupport s = ScenarioSupport.in(tmp);
        try (EngineHarness h = EngineHarness.start(s.dataDir)) {
            String wb = s.standardSetup(h);
            grant(h, wb, false);
            long base = usage(h, wb);
            assertThat(base).isEqualTo(1213);
            String u = send(h, wb, "q".repeat(4000));
            assertThat(usage(h, wb)).isEqualTo(base + 1000);
            h.provider.script(ok("r".repeat(400), "r".repeat(400)));
            h.clearNotifications();
            assertThat(stream(h, wb, u).ok()).isTrue();
            List<JsonObject> notes = h.notificationsOf("WorkbenchClutterChanged");
            assertThat(notes.get(notes.size() - 1).get("usage_tokens_estimate").getAsLong()).isEqualTo(base + 1200);
            setKey(h, "mistral", ScenarioSupport.MISTRAL_KEY);
            assertThat(h.call("WorkshopSetActiveModel", params("workbench_id", wb, "model_id",
                    ScenarioSupport.MISTRAL)).ok()).isTrue();
            assertThat(usage(h, wb)).isEqualTo(base + 1200);
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
            String u = send(h, wb, "Continue"); // 8 bytes = 2 tokens
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
            // in-flight text counts: files 1213.25 + message 2 + 3 deltas × 1
            assertThat(clutter.get(0).get("usage_tokens_estimate").getAsLong()).isEqualTo(1218);
            assertThat(clutter.get(1).get("usage_tokens_estimate").getAsLong()).isEqualTo(1221);
            assertThat(clutter.get(2).get("usage_tokens_estimate").getAsLong()).isEqualTo(1221);
            assertThat(clutter).allMatch(n -> n.has("level") && n.get("workbench_id").getAsString().equals(wb));
        }
    }
}
