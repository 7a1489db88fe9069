package dev.trestle.domain.port.in;

import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.FileChange;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.WorkbenchId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Review, publish or discard the Draft. */
public interface DraftUseCase {
    Optional<DraftInfo> state(RequestContext rq, WorkbenchId workbench);

    Published publish(RequestContext rq, WorkbenchId workbench);

    void discard(RequestContext rq, WorkbenchId workbench);

    ChangeSet changeSet(RequestContext rq, WorkbenchId workbench);

    /**
     * Rejects one changed file in review: the Draft's version of {@code path} goes back to the Published one (an
     * added file leaves the Draft, a deleted one comes back). Returns the change set that is left; the Draft stays,
     * also when nothing is left. Fails {@code no_draft} or {@code unknown_path} (not a change of the Draft).
     */
    ChangeSet revertFile(RequestContext rq, RevertFile command);

    /** One changed file of a Workbench's Draft to reject; the path is checked against the change set by the service. */
    record RevertFile(WorkbenchId workbench, String path) {
        public RevertFile {
            java.util.Objects.requireNonNull(workbench, "workbench");
            if (path == null || path.isEmpty()) {
                throw new dev.trestle.domain.model.InvalidInputException("invalid_params", "path is required");
            }
        }
    }

    record Published(Instant publishedAt, String checkpointId) {
    }

    record ChangeSet(String draftId, List<FileChange> changes) {
    }
}
