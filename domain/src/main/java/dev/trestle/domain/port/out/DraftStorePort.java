package dev.trestle.domain.port.out;

import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.FileChange;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.Proposal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The Draft: creation from a validated proposal, publish (atomic swap) and discard. */
public interface DraftStorePort {
    Optional<DraftInfo> draft(String workbenchId);

    /**
     * Links Published into {@code draft.<proposal_id>.staging/}, writes every write there atomically, renames it to
     * {@code draft/} and writes {@code draft.json} last. Writes must already target stored names. Any failure leaves
     * no staging and no Draft.
     */
    DraftInfo create(String workbenchId, String draftId, String proposalId, List<Proposal.Write> writes,
                     String publishedGeneration, Instant createdAt);

    /**
     * Steps 4–6 of {@code storage.md} §7 after the caller's checks and checkpoint: ingest written files, mark, swap,
     * rewrite {@code files.json}, delete {@code draft.json}. {@code progress} gets {@code swap_directories},
     * {@code finalizing} or {@code rolling_back}. Throws {@code FILE_WRITE_FAILED}/{@code DISK_FULL} with Published
     * unchanged and the Draft kept.
     */
    Published publish(String workbenchId, String checkpointId, Consumer<String> progress);

    void discard(String workbenchId);

    List<FileChange> changeSet(String workbenchId);

    /**
     * Puts the Published version of {@code change.path()} back into the Draft (deletes it from the Draft when it
     * was {@code ADDED}) and drops it from {@code draft.json}'s written list, the file first, so a crash in between
     * leaves a written name whose file equals Published (or is gone), which publish and the change set treat as
     * unchanged. The caller has checked that {@code change} is in {@link #changeSet}. Throws
     * {@code FILE_WRITE_FAILED}/{@code DISK_FULL} with Published unchanged.
     */
    void revertFile(String workbenchId, FileChange change);

    record Published(List<FileEntry> before, List<FileEntry> after) {
    }
}
