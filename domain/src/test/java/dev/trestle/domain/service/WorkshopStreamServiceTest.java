package dev.trestle.domain.service;

import static dev.trestle.domain.service.ServiceFixture.id;
import static dev.trestle.domain.service.ServiceFixture.rq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.domain.fakes.FakeProviderTransport;
import dev.trestle.domain.fakes.TestRegistry;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.MessageId;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.in.WorkshopUseCase;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkshopStreamServiceTest {
    private final ServiceFixture f = new ServiceFixture();

    @Test
    void without_consent_nothing_is_sent_and_nothing_is_written() {
        String wb = f.workbenchWithNotes();
        f.secrets.setApiKey(dev.trestle.domain.model.ProviderId.OPENAI, "sk-test");
        String msg = f.workshop.sendUserMessage(rq(Phase.WORKSHOP), new WorkshopUseCase.SendUserMessage(id(wb),
                "Summarize"));
        int before = f.conversation.read(wb).size();
        assertThatThrownBy(() -> f.workshop.streamAssistantReply(rq(Phase.WORKSHOP),
                new WorkshopUseCase.StreamReply(id(wb), MessageId.parse(msg))))
                .isInstanceOfSatisfying(TrestleException.class, e -> {
                    assertThat(e.info().errorCode()).isEqualTo(ErrorCode.EGRESS_CONSENT_REQUIRED);
                    assertThat(e.info().subphase()).isEqualTo("stream");
                });
        assertThat(f.transport.requestCount()).isZero();
        assertThat(f.conversation.read(wb)).hasSize(before);
        assertThat(f.workshop.state(rq(Phase.WORKSHOP), id(wb)).runInProgress()).isFalse();
    }

    @Test
    void a_failure_before_sending_is_recorded_with_the_phase_and_subphase_the_request_answers() {
        String wb = f.workbenchWithNotes();
        f.readyWithConsent(wb);
        String msg = f.workshop.sendUserMessage(rq(Phase.WORKSHOP), new WorkshopUseCase.SendUserMessage(id(wb),
                "Summarize"));
        // as the file store raises it: in the phase it guessed, with no subphase (it serves every method)
        f.store.failReadText = new TrestleException(ErrorInfo.of(ErrorCode.FILE_READ_FAILED, Phase.WORKBENCH));
        RequestContext stream = new RequestContext(null, null, Phase.WORKSHOP, "stream", RequestContext.LOCAL_CLIENT);

        TrestleException failure = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> f.workshop.streamAssistantReply(stream, new WorkshopUseCase.StreamReply(id(wb),
                        MessageId.parse(msg))), TrestleException.class);

        ErrorInfo answered = stream.answer(failure.info());
        assertThat(answered.phase()).isEqualTo(Phase.WORKSHOP);
        assertThat(answered.subphase()).isEqualTo("stream");
        ConversationRecord recorded = f.conversation.read(wb).get(f.conversation.read(wb).size() - 1);
        assertThat(recorded.error().errorCode()).isEqualTo(ErrorCode.FILE_READ_FAILED);
        assertThat(recorded.error().phase()).isEqualTo(answered.phase());
        assertThat(recorded.error().subphase()).isEqualTo(answered.subphase());
        assertThat(f.transport.requestCount()).isZero();
    }

    @Test
    void a_reply_streams_deltas_then_lands_in_the_conversation_and_the_egress_log() {
        String wb = f.workbenchWithNotes();
        f.readyWithConsent(wb);
        String msg = f.workshop.sendUserMessage(rq(Phase.WORKSHOP), new WorkshopUseCase.SendUserMessage(id(wb),
                "Summarize"));
        f.transport.script(FakeProviderTransport.ok("Hello ", "there"));

        WorkshopUseCase.StreamedReply reply = f.workshop.streamAssistantReply(rq(Phase.WORKSHOP),
                new WorkshopUseCase.StreamReply(id(wb), MessageId.parse(msg)));

        assertThat(reply.modelId()).isEqualTo(TestRegistry.GPT);
        assertThat(f.events.ofType(EngineEvent.StreamDelta.class)).extracting(EngineEvent.StreamDelta::tokenDelta)
                .containsExactly("Hello ", "there");
        ConversationRecord last = f.conversation.read(wb).get(f.conversation.read(wb).size() - 1);
        assertThat(last.type()).isEqualTo(ConversationRecord.Type.ASSISTANT_MESSAGE);
        assertThat(last.text()).isEqualTo("Hello there");
        assertThat(f.egressLog.list(wb, 10)).extracting(EgressEvent::kind)
                .containsExactly("consent_granted", "request_sent", "workshop_chat");
        EgressEvent receipt = f.egressLog.list(wb, 10).get(1);
        assertThat(receipt.receipt().files()).extracting(dev.trestle.domain.model.SentFile::name)
                .containsExactly("notes.txt");
        assertThat(receipt.receipt().outcome()).isEqualTo("ok");
        assertThat(receipt.receipt().requestKind()).isEqualTo("chat");
    }

    @Test
    void a_provider_failure_is_recorded_as_a_failed_stream() {
        String wb = f.workbenchWithNotes();
        f.readyWithConsent(wb);
        String msg = f.workshop.sendUserMessage(rq(Phase.WORKSHOP), new WorkshopUseCase.SendUserMessage(id(wb),
                "Summarize"));
        f.transport.script(FakeProviderTransport.http(401));
        assertThatThrownBy(() -> f.workshop.streamAssistantReply(rq(Phase.WORKSHOP),
                new WorkshopUseCase.StreamReply(id(wb), MessageId.parse(msg))))
                .isInstanceOfSatisfying(TrestleException.class,
                        e -> assertThat(e.info().errorCode()).isEqualTo(ErrorCode.PROVIDER_AUTH_FAILED));
        ConversationRecord last = f.conversation.read(wb).get(f.conversation.read(wb).size() - 1);
        assertThat(last.eventKind()).isEqualTo("workshop_stream_failed");
        assertThat(last.error().errorCode()).isEqualTo(ErrorCode.PROVIDER_AUTH_FAILED);
        assertThat(f.workshop.state(rq(Phase.WORKSHOP), id(wb)).runInProgress()).isFalse();
    }

    @Test
    void cancel_run_stops_a_held_stream_and_the_run_ends_user_canceled() throws Exception {
        String wb = f.workbenchWithNotes();
        f.readyWithConsent(wb);
        String msg = f.workshop.sendUserMessage(rq(Phase.WORKSHOP), new WorkshopUseCase.SendUserMessage(id(wb),
                "Summarize"));
        FakeProviderTransport.Hold hold = FakeProviderTransport.hold("partial ");
        f.transport.script(hold);
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                f.workshop.streamAssistantReply(rq(Phase.WORKSHOP), new WorkshopUseCase.StreamReply(id(wb),
                        MessageId.parse(msg)));
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        assertThat(hold.awaitStarted(10, TimeUnit.SECONDS)).isTrue();
        assertThat(f.workshop.cancelRun(rq(Phase.WORKSHOP), id(wb))).isTrue();

        Throwable failure = outcome.get(10, TimeUnit.SECONDS);
        assertThat(failure).isInstanceOfSatisfying(TrestleException.class,
                e -> assertThat(e.info().errorCode()).isEqualTo(ErrorCode.USER_CANCELED));
        assertThat(f.events.ofType(EngineEvent.RunCancelRequested.class)).hasSize(1);
        assertThat(f.workshop.cancelRun(rq(Phase.WORKSHOP), id(wb))).isFalse();
    }

    @Test
    void an_empty_message_is_refused() {
        String wb = f.workbenchWithNotes();
        assertThatThrownBy(() -> f.workshop.sendUserMessage(rq(Phase.WORKSHOP),
                new WorkshopUseCase.SendUserMessage(id(wb), "  ")))
                .isInstanceOfSatisfying(TrestleException.class,
                        e -> assertThat(e.info().detailToken()).isEqualTo("empty_message"));
        assertThat(f.conversation.read(wb)).isEmpty();
    }
}
