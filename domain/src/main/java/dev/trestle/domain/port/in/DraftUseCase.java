package dev.trestle.domain.port.in;

import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.FileChange;
import dev.trestle.domain.model.RequestContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Review, publish or discard the Draft. */
public interface DraftUseCase {
    Optional<DraftInfo> state(RequestContext rq, String workbenchId);

    Published publish(RequestContext rq, String workbenchId);

    void discard(RequestContext rq, String workbenchId);

    ChangeSet changeSet(RequestContext rq, String workbenchId);

    record Published(Instant publishedAt, String checkpointId) {
    }

    record ChangeSet(String draftId, List<FileChange> changes) {
    }
}
