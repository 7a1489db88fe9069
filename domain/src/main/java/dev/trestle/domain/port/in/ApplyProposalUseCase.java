package dev.trestle.domain.port.in;

import dev.trestle.domain.model.RequestContext;

/** Turn a proposal into a new Draft. */
public interface ApplyProposalUseCase {
    /** Returns the new draft id, or null for a no-changes proposal. */
    String applyProposal(RequestContext rq, ProposeChangesUseCase.ProposalRef proposal);
}
