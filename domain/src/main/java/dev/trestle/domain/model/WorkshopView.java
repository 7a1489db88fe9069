package dev.trestle.domain.model;

/** {@code WorkshopGetState}. */
public record WorkshopView(String activeModelId, String defaultModelId, boolean hasDraft, String pendingProposalId,
                           boolean runInProgress) {
}
