package dev.trestle.adapters.fs;

import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.Ulid;
import dev.trestle.domain.port.out.ProposalStorePort;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/** Proposals of each Workbench, {@code meta/workshop/proposals/<id>.json}. */
public final class FileSystemProposalStore implements ProposalStorePort {
    private final WorkbenchDirs dirs;

    FileSystemProposalStore(WorkbenchDirs dirs) {
        this.dirs = dirs;
    }

    @Override
    public void save(String workbenchId, Proposal proposal) {
        WorkbenchDir d = dirs.ready(workbenchId, Phase.WORKSHOP);
        if (!Ulid.isValid(proposal.proposalId())) {
            throw FsErrors.validation(Phase.WORKSHOP, "invalid_params", "proposal id must be a ULID");
        }
        try {
            Files.createDirectories(d.proposals());
        } catch (IOException e) {
            throw FsErrors.write(Phase.WORKSHOP, "proposals folder", e);
        }
        JsonFiles.write(d.proposals().resolve(proposal.proposalId() + ".json"), StoredForms.proposal(proposal),
                Phase.WORKSHOP);
    }

    @Override
    public Optional<Proposal> load(String workbenchId, String proposalId) {
        WorkbenchDir d = dirs.ready(workbenchId, Phase.WORKSHOP);
        if (!Ulid.isValid(proposalId)) {
            return Optional.empty();
        }
        return Codec.read(d.proposals().resolve(proposalId + ".json"), StoredForms.PROPOSAL_SCHEMA, Phase.WORKSHOP)
                .map(n -> JsonFiles.parse(n, StoredForms::proposal, "proposal", Phase.WORKSHOP));
    }

    @Override
    public Optional<Object> loadTree(String workbenchId, String proposalId) {
        WorkbenchDir d = dirs.ready(workbenchId, Phase.WORKSHOP);
        if (!Ulid.isValid(proposalId)) {
            return Optional.empty();
        }
        return Codec.read(d.proposals().resolve(proposalId + ".json"), StoredForms.PROPOSAL_SCHEMA, Phase.WORKSHOP)
                .map(n -> Json.MAPPER.convertValue(n, Object.class));
    }
}
