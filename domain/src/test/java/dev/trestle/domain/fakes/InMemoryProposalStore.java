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
    public synchronized void delete(String workbenchId, String proposalId) {
        byWorkbench.getOrDefault(workbenchId, new HashMap<>()).remove(proposalId);
    }

    @Override
    public synchronized Optional<Proposal> load(String workbenchId, String proposalId) {
        return Optional.ofNullable(byWorkbench.getOrDefault(workbenchId, Map.of()).get(proposalId));
    }

    @Override
    public synchronized Optional<Object> loadTree(String workbenchId, String proposalId) {
        return load(workbenchId, proposalId).map(InMemoryProposalStore::tree);
    }

    private static Object tree(Proposal p) {
        java.util.List<Object> writes = new java.util.ArrayList<>();
        for (Proposal.Write w : p.writes()) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("path", w.path());
            m.put("content", w.content());
            writes.add(m);
        }
        Map<String, Object> root = new java.util.LinkedHashMap<>();
        root.put("proposal_id", p.proposalId());
        root.put("summary", p.summary());
        root.put("no_changes", p.noChanges());
        root.put("writes", writes);
        root.put("warnings", new java.util.ArrayList<Object>(p.warnings()));
        return root;
    }
}
