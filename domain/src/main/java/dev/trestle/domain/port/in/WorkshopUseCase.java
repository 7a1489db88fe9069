package dev.trestle.domain.port.in;

import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.MessageId;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.WorkbenchId;
import dev.trestle.domain.model.WorkshopView;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The Workshop conversation: state, messages, streamed replies and cancelling the active run. */
public interface WorkshopUseCase {
    WorkshopView state(RequestContext rq, WorkbenchId workbench);

    List<ConversationRecord> conversation(RequestContext rq, WorkbenchId workbench);

    /** Returns the new message's id. */
    String sendUserMessage(RequestContext rq, SendUserMessage command);

    /** A Workshop run: the request's cancel token cancels it ({@code docs/spec/rpc.md} §1). */
    StreamedReply streamAssistantReply(RequestContext rq, StreamReply command);

    boolean cancelRun(RequestContext rq, WorkbenchId workbench);

    /**
     * {@code WorkshopSendUserMessage}. An empty text is refused ({@code empty_message}) only after "no run" and
     * "no Draft", so it is carried as given.
     */
    record SendUserMessage(WorkbenchId workbench, String text) {
        public SendUserMessage {
            Objects.requireNonNull(workbench, "workbench");
        }
    }

    /**
     * {@code WorkshopStreamAssistantReply}: reply to the user message {@code message}. Empty when the request's text
     * cannot be a message id: answered {@code unknown_message} at step 3 of the check order.
     */
    record StreamReply(WorkbenchId workbench, Optional<MessageId> message) {
        public StreamReply {
            Objects.requireNonNull(workbench, "workbench");
            Objects.requireNonNull(message, "message");
        }
    }

    record StreamedReply(String messageId, String modelId) {
    }
}
