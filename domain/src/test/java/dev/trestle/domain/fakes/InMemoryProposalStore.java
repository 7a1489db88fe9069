package dev.trestle.domain.fakes;

import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.port.out.ProposalStorePort;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Stored proposals per Workbench in memory; a test may replace one to simulate a hand-edited file. */
public final class InMemoryProposalStore implements ProposalStorePort {
    private final Map<String, Map<String, Proposal>> byWorkbench = new HashMap<>();

    @Override
    public synchronized void save(String workbenchId, Proposal proposal) {
        byWorkbench.computeIfAbsent(workbenchId, k -> new HashMap<>()).put(proposal.proposalId(), proposal);
    }

    @Override
    public synchronized Optional<Proposal> load(String workbenchId, String proposalId) {
        return Optional.ofNullable(byWorkbench.getOrDefault(workbenchId, Map.of()).get(proposalId));
    }
}
