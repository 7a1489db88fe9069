package dev.trestle.domain.port.out;

import dev.trestle.domain.model.Proposal;
import java.util.Optional;

/** {@code meta/workshop/proposals/<proposal_id>.json}. */
public interface ProposalStorePort {
    void save(String workbenchId, Proposal proposal);

    Optional<Proposal> load(String workbenchId, String proposalId);
}
