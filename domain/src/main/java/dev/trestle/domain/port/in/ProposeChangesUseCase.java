package dev.trestle.domain.port.in;

import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.ProposalId;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.WorkbenchId;
import java.util.Objects;
import java.util.Optional;

/** Ask the active model for a proposal, read it, or dismiss the pending one. */
public interface ProposeChangesUseCase {
    /** A Workshop run: the request's cancel token cancels it ({@code docs/spec/rpc.md} §1). */
    ProposalOutcome proposeChanges(RequestContext rq, WorkbenchId workbench);

    Proposal proposal(RequestContext rq, ProposalRef proposal);

    void dismissProposal(RequestContext rq, DismissProposal command);

    record ProposalOutcome(String proposalId, boolean noChanges) {
    }

    /**
     * One proposal of a Workbench. {@code proposal} is empty when the request's text cannot be a proposal id:
     * answered {@code unknown_proposal} where the spec checks existence (apply: after "no Draft").
     */
    record ProposalRef(WorkbenchId workbench, Optional<ProposalId> proposal) {
        public ProposalRef {
            Objects.requireNonNull(workbench, "workbench");
            Objects.requireNonNull(proposal, "proposal");
        }
    }

    /**
     * {@code WorkshopDismissProposal}: clears the pending proposal if {@code onlyIf} is absent or names it. A text
     * that cannot be a proposal id names none, so it clears nothing: {@link #of} keeps the three cases apart.
     */
    record DismissProposal(WorkbenchId workbench, boolean anyPending, Optional<ProposalId> onlyIf) {
        public DismissProposal {
            Objects.requireNonNull(workbench, "workbench");
            Objects.requireNonNull(onlyIf, "onlyIf");
            if (anyPending && onlyIf.isPresent()) {
                throw new IllegalArgumentException("either any pending proposal or one id");
            }
        }

        /** From the request's optional {@code proposal_id} text (null: whichever is pending). */
        public static DismissProposal of(WorkbenchId workbench, String proposalId) {
            return proposalId == null ? new DismissProposal(workbench, true, Optional.empty())
                    : new DismissProposal(workbench, false, ProposalId.parse(proposalId));
        }

        /** Whether the pending proposal {@code pending} is the one to clear. */
        public boolean clears(String pending) {
            return pending != null && (anyPending || onlyIf.map(id -> id.value().equals(pending)).orElse(false));
        }
    }
}
