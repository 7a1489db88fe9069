package dev.trestle.domain.port.in;

import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.WorkshopView;
import java.util.List;

/** The Workshop conversation: state, messages, streamed replies and cancelling the active run. */
public interface WorkshopUseCase {
    WorkshopView state(RequestContext rq, String workbenchId);

    List<ConversationRecord> conversation(RequestContext rq, String workbenchId);

    String sendUserMessage(RequestContext rq, String workbenchId, String text);

    /** A Workshop run: the request's cancel token cancels it ({@code docs/spec/rpc.md} §1). */
    StreamedReply streamAssistantReply(RequestContext rq, String workbenchId, String messageId);

    boolean cancelRun(RequestContext rq, String workbenchId);

    record StreamedReply(String messageId, String modelId) {
    }
}
