package dev.trestle.server.rpc;

import dev.trestle.domain.port.in.ApplyProposalUseCase;
import dev.trestle.domain.port.in.CheckpointsUseCase;
import dev.trestle.domain.port.in.ClutterQuery;
import dev.trestle.domain.port.in.DraftUseCase;
import dev.trestle.domain.port.in.EgressConsentUseCase;
import dev.trestle.domain.port.in.ManageFilesUseCase;
import dev.trestle.domain.port.in.ManageWorkbenchesUseCase;
import dev.trestle.domain.port.in.ProposeChangesUseCase;
import dev.trestle.domain.port.in.ProvidersUseCase;
import dev.trestle.domain.port.in.SelectModelUseCase;
import dev.trestle.domain.port.in.WorkshopUseCase;
import java.util.Objects;

/** The domain use cases (in-ports) the protocol serves. */
public record UseCases(ProvidersUseCase providers, SelectModelUseCase models, ManageWorkbenchesUseCase workbenches,
                       ManageFilesUseCase files, ClutterQuery clutter, CheckpointsUseCase checkpoints,
                       DraftUseCase drafts, EgressConsentUseCase egress, WorkshopUseCase workshop,
                       ProposeChangesUseCase proposals, ApplyProposalUseCase apply) {
    public UseCases {
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(workbenches, "workbenches");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(clutter, "clutter");
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(drafts, "drafts");
        Objects.requireNonNull(egress, "egress");
        Objects.requireNonNull(workshop, "workshop");
        Objects.requireNonNull(proposals, "proposals");
        Objects.requireNonNull(apply, "apply");
    }
}
