package dev.trestle.domain.port.in;

import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.FileChange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Review, publish or discard the Draft. */
public interface DraftUseCase {
    Optional<DraftInfo> state(String workbenchId);

    Published publish(String workbenchId);

    void discard(String workbenchId);

    ChangeSet changeSet(String workbenchId);

    record Published(Instant publishedAt, String checkpointId) {
    }

    record ChangeSet(String draftId, List<FileChange> changes) {
    }
}
