package dev.trestle.adapters.fs;

import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.FileChange;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.port.out.DraftStorePort;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The Draft of each Workbench ({@code storage.md} §6–§7): create, publish by folder swap, discard, change set. */
public final class FileSystemDraftStore implements DraftStorePort {
    private final WorkbenchDirs dirs;
    private final Drafts drafts;

    FileSystemDraftStore(WorkbenchDirs dirs, Drafts drafts) {
        this.dirs = dirs;
        this.drafts = drafts;
    }

    @Override
    public Optional<DraftInfo> draft(String workbenchId) {
        // a listing asks every Workbench for its Draft: answered from draft.json without reconciling when
        // reconciliation could not change the answer (no marker, draft/ and draft.json agree)
        WorkbenchDir d = dirs.listableAsIs(workbenchId) ? dirs.ctx.dir(workbenchId, Phase.PUBLISH)
                : dirs.ready(workbenchId, Phase.PUBLISH);
        return drafts.readDraft(d, Phase.PUBLISH);
    }

    @Override
    public DraftInfo create(String workbenchId, String draftId, String proposalId, List<Proposal.Write> writes,
                            String publishedGeneration, Instant createdAt) {
        return drafts.create(dirs.ready(workbenchId, Phase.WORKSHOP), draftId, proposalId, writes,
                publishedGeneration, createdAt);
    }

    @Override
    public Published publish(String workbenchId, String checkpointId, Consumer<String> progress) {
        return drafts.publish(dirs.ready(workbenchId, Phase.PUBLISH), checkpointId, progress);
    }

    @Override
    public void discard(String workbenchId) {
        drafts.discard(dirs.ready(workbenchId, Phase.PUBLISH));
    }

    @Override
    public void revertFile(String workbenchId, FileChange change) {
        drafts.revertFile(dirs.ready(workbenchId, Phase.REVIEW), change);
    }

    @Override
    public List<FileChange> changeSet(String workbenchId) {
        return drafts.changeSet(dirs.ready(workbenchId, Phase.REVIEW));
    }
}
