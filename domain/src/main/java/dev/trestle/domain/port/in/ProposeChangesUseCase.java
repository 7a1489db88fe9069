package dev.trestle.domain.port.in;

import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.RequestContext;

/** Ask the active model for a proposal, read it, or dismiss the pending one. */
public interface ProposeChangesUseCase {
    /** A Workshop run: the request's cancel token cancels it ({@code docs/spec/rpc.md} §1). */
    ProposalOutcome proposeChanges(RequestContext rq, String workbenchId);

    Proposal proposal(RequestContext rq, String workbenchId, String proposalId);

    void dismissProposal(RequestContext rq, String workbenchId, String proposalId);

    record ProposalOutcome(String proposalId, boolean noChanges) {
    }
}
