package dev.trestle.domain.port.out;

import dev.trestle.domain.model.Proposal;
import java.util.Optional;

/** {@code meta/workshop/proposals/<proposal_id>.json}. */
public interface ProposalStorePort {
    void save(String workbenchId, Proposal proposal);

    Optional<Proposal> load(String workbenchId, String proposalId);

    /** Removes a proposal that was saved but never referenced (its pointer could not be written); absent is fine. */
    void delete(String workbenchId, String proposalId);

    /**
     * The stored file as a JSON tree (maps, lists, strings, numbers, booleans), so that apply re-validates exactly
     * what is on disk, hand edits included ({@code rpc.md} "Apply").
     */
    Optional<Object> loadTree(String workbenchId, String proposalId);
}
