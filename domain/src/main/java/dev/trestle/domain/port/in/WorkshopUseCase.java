package dev.trestle.domain.port.in;

import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.WorkshopView;
import java.util.List;

/** The Workshop: conversation, streamed replies, proposals and their application. */
public interface WorkshopUseCase {
    WorkshopView state(String workbenchId);

    List<ConversationRecord> conversation(String workbenchId);

    String sendUserMessage(String workbenchId, String text);

    StreamedReply streamAssistantReply(String workbenchId, String messageId, CancelToken cancel);

    boolean cancelRun(String workbenchId);

    ProposalOutcome proposeChanges(String workbenchId, CancelToken cancel);

    Proposal proposal(String workbenchId, String proposalId);

    /** Returns the new draft id, or null for a no-changes proposal. */
    String applyProposal(String workbenchId, String proposalId);

    void dismissProposal(String workbenchId, String proposalId);

    record StreamedReply(String messageId, String modelId) {
    }

    record ProposalOutcome(String proposalId, boolean noChanges) {
    }
}
