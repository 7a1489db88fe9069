package dev.trestle.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.google.gson.JsonObject;
import dev.trestle.domain.fakes.InMemoryEngineLog;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.in.DraftUseCase;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.junit.jupiter.api.Test;

/** Notifications: payloads, and that a request's notifications arrive before its response. */
class NotificationsTest {
    private static final List<WireTypes.ClutterItem> BREAKDOWN = List.of(
            new WireTypes.ClutterItem("system", null, 1_000, null), new WireTypes.ClutterItem("file", "a.txt", 45_000,
                    null), new WireTypes.ClutterItem("conversation", null, 4_000, null));
    private static final String W = Fakes.WB;

    private static JsonObject params(String json) {
        return com.google.gson.JsonParser.parseString(json).getAsJsonObject();
    }

    @Test
    void files_add_notifications_arrive_before_the_response() throws Exception {
        try (Harness h = Harness.typed()) {
            h.fakes.add = (wb, paths, t) -> {
                h.fakes.events.emit(new EngineEvent.FilesChanged(wb, List.of("a.txt"), List.of(), List.of()));
                h.fakes.events.emit(new EngineEvent.ClutterChanged(wb, Fakes.clutterState()));
                return List.of(dev.trestle.domain.model.AddResult.added("/x/a.txt", "a.txt"));
            };
            Results.FilesAdded r = h.client().workbenchFilesAdd(params("{\"workbench_id\":\"" + W
                    + "\",\"source_paths\":[\"/x/a.txt\"]}")).get(Harness.TIMEOUT_S, TimeUnit.SECONDS);

            assertThat(r.addResults()).containsExactly(new WireTypes.AddResult("/x/a.txt", "a.txt", "added", null));
            assertThat(h.notifications.names()).containsExactly("WorkbenchFilesChanged", "WorkbenchClutterChanged");
            assertThat(h.notifications.payloads().get(0))
                    .isEqualTo(new Notifications.FilesChanged(W, List.of("a.txt"), List.of(), List.of()));
            assertThat(h.notifications.payloads().get(1)).isEqualTo(new Notifications.ClutterChanged(W, 0.25,
                    "Light", "openai:gpt-5.2", 50_000, 200_000, 8_192, 191_808, "exact", 2.0, BREAKDOWN));
        }
    }

    @Test
    void draft_publish_notifications_keep_the_domain_order_and_precede_the_response() throws Exception {
        try (Harness h = Harness.typed()) {
            h.fakes.publish = (wb, a, t) -> {
                var e = h.fakes.events;
                e.emit(new EngineEvent.PublishProgress(wb, "validating"));
                e.emit(new EngineEvent.PublishProgress(wb, "conflict_check"));
                e.emit(new EngineEvent.PublishProgress(wb, "checkpoint_pre_publish"));
                e.emit(new EngineEvent.CheckpointCreated(wb, "P1", CheckpointReason.PUBLISH, Fakes.T0, "Publish"));
                e.emit(new EngineEvent.PublishProgress(wb, "swap_directories"));
                e.emit(new EngineEvent.PublishProgress(wb, "finalizing"));
                e.emit(new EngineEvent.DraftStateChanged(wb, false, null, null, null));
                e.emit(new EngineEvent.FilesChanged(wb, List.of("summary.md"), List.of(), List.of("notes.txt")));
                e.emit(new EngineEvent.ClutterChanged(wb, Fakes.clutterState()));
                return new DraftUseCase.Published(Fakes.T0, "P1");
            };
            Results.Published r = h.client().draftPublish(params("{\"workbench_id\":\"" + W + "\"}"))
                    .get(Harness.TIMEOUT_S, TimeUnit.SECONDS);

            assertThat(r).isEqualTo(new Results.Published("2026-11-25T20:03:00.123Z", "P1"));
            assertThat(h.notifications.names()).containsExactly("DraftPublishProgress", "DraftPublishProgress",
                    "DraftPublishProgress", "CheckpointCreated", "DraftPublishProgress", "DraftPublishProgress",
                    "DraftStateChanged", "WorkbenchFilesChanged", "WorkbenchClutterChanged");
            assertThat(h.notifications.payloads().get(3)).isEqualTo(new Notifications.CheckpointCreated(W, "P1",
                    "publish", "2026-11-25T20:03:00.123Z", "Publish"));
            assertThat(h.notifications.payloads().get(6))
                    .isEqualTo(new Notifications.DraftStateChanged(W, false, null, null, null));
        }
    }

    @Test
    void notifications_sent_before_a_failure_still_precede_the_error_on_the_wire() throws Exception {
        try (Harness h = Harness.raw()) {
            h.fakes.publish = (wb, a, t) -> {
                h.fakes.events.emit(new EngineEvent.PublishProgress(wb, "validating"));
                h.fakes.events.emit(new EngineEvent.PublishProgress(wb, "rolling_back"));
                throw new TrestleException(ErrorInfo.validation(Phase.PUBLISH, "no_draft", null));
            };
            h.request(1, "DraftPublish", "{\"workbench_id\":\"" + W + "\"}");
            List<JsonObject> frames = h.until(1);
            assertThat(frames).hasSize(3);
            assertThat(frames.get(0).toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"DraftPublishProgress\","
                    + "\"params\":{\"workbench_id\":\"" + W + "\",\"phase\":\"validating\"}}");
            assertThat(frames.get(1).getAsJsonObject("params").get("phase").getAsString()).isEqualTo("rolling_back");
            assertThat(frames.get(2).getAsJsonObject("error").getAsJsonObject("data").get("detail").getAsString())
                    .isEqualTo("no_draft");
        }
    }

    @Test
    void typed_clients_read_errors_with_their_error_info() throws Exception {
        try (Harness h = Harness.typed()) {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> h.client().workbenchOpen(params("{\"workbench_id\":5}"))
                            .get(Harness.TIMEOUT_S, TimeUnit.SECONDS));
            assertThat(e.getCause()).isInstanceOf(ResponseErrorException.class);
            var error = ((ResponseErrorException) e.getCause()).getResponseError();
            assertThat(error.getCode()).isEqualTo(-32000);
            assertThat(error.getData().toString()).contains("\"detail\":\"invalid_params: workbench_id\"");

            Results.WorkbenchOpened opened = h.client().workbenchOpen(params("{\"workbench_id\":\"" + W + "\"}"))
                    .get(Harness.TIMEOUT_S, TimeUnit.SECONDS);
            assertThat(opened.workbench()).isEqualTo(WireMapper.workbench(Fakes.view()));
        }
    }

    @Test
    void every_engine_event_maps_to_its_notification() {
        RecordingClient client = new RecordingClient();
        RpcEventSink sink = new RpcEventSink();
        sink.emit(new EngineEvent.RunCancelRequested(W));
        assertThat(client.names()).isEmpty();

        sink.connect(client, new InMemoryEngineLog());
        List<EngineEvent> events = List.of(
                new EngineEvent.ClutterChanged(W, Fakes.clutterState()),
                new EngineEvent.ModelChanged(W, "mistral:mistral-large", "mistral", "openai:gpt-5.2"),
                new EngineEvent.StreamDelta(W, "a-1", "Two "),
                new EngineEvent.MessageComplete(W, "a-1"),
                new EngineEvent.RunCancelRequested(W),
                new EngineEvent.ProposalReady(W, "Q1"),
                new EngineEvent.FilesChanged(W, List.of("a"), List.of("b"), List.of("c")),
                new EngineEvent.DraftStateChanged(W, true, "D1", Fakes.T0, "proposal"),
                new EngineEvent.CheckpointCreated(W, "C1", CheckpointReason.PRE_RESTORE, Fakes.T0, "Before restore"),
                new EngineEvent.CheckpointRestored(W, "C1", "R1"),
                new EngineEvent.CheckpointPinChanged(W, "C1", true),
                new EngineEvent.PublishProgress(W, "finalizing"),
                new EngineEvent.RestoreProgress(W, "C1", "staging", 40));
        events.forEach(sink::emit);

        assertThat(client.names()).containsExactly("WorkbenchClutterChanged", "WorkshopModelChanged",
                "WorkshopAssistantStreamDelta", "WorkshopAssistantMessageComplete", "WorkshopRunCancelRequested",
                "WorkshopProposalReady", "WorkbenchFilesChanged", "DraftStateChanged", "CheckpointCreated",
                "CheckpointRestored", "CheckpointPinChanged", "DraftPublishProgress", "CheckpointRestoreProgress");
        assertThat(client.payloads()).containsExactly(
                new Notifications.ClutterChanged(W, 0.25, "Light", "openai:gpt-5.2", 50_000, 200_000, 8_192,
                        191_808, "exact", 2.0, BREAKDOWN),
                new Notifications.ModelChanged(W, "mistral:mistral-large", "mistral", "openai:gpt-5.2"),
                new Notifications.StreamDelta(W, "a-1", "Two "),
                new Notifications.MessageComplete(W, "a-1"),
                new Notifications.RunCancelRequested(W),
                new Notifications.ProposalReady(W, "Q1"),
                new Notifications.FilesChanged(W, List.of("a"), List.of("b"), List.of("c")),
                new Notifications.DraftStateChanged(W, true, "D1", "2026-11-25T20:03:00.123Z", "proposal"),
                new Notifications.CheckpointCreated(W, "C1", "pre_restore", "2026-11-25T20:03:00.123Z",
                        "Before restore"),
                new Notifications.CheckpointRestored(W, "C1", "R1"),
                new Notifications.CheckpointPinChanged(W, "C1", true),
                new Notifications.PublishProgress(W, "finalizing"),
                new Notifications.RestoreProgress(W, "C1", "staging", 40));
    }

    @Test
    void a_failing_client_never_breaks_the_emitting_request() {
        TrestleClient broken = (TrestleClient) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TrestleClient.class}, (p, m, a) -> {
                    throw new IllegalStateException("stream closed");
                });
        InMemoryEngineLog log = new InMemoryEngineLog();
        RpcEventSink sink = new RpcEventSink();
        sink.connect(broken, log);
        assertThatCode(() -> sink.emit(new EngineEvent.MessageComplete(W, "a-1"))).doesNotThrowAnyException();
        assertThat(log.events()).contains("notification_failed");
    }
}
