package dev.trestle.domain.model;

/** {@code workshop_state.json}: the active model and the pending proposal, if any. */
public record WorkshopState(String activeModelId, String pendingProposalId) {
    public WorkshopState withActiveModel(String value) {
        return new WorkshopState(value, pendingProposalId);
    }

    public WorkshopState withPendingProposal(String value) {
        return new WorkshopState(activeModelId, value);
    }
}
