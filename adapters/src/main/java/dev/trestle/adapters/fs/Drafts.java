package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.FileChange;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.FlatName;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.Ulid;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.out.DraftStorePort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The logic behind {@link FileSystemDraftStore} on an already reconciled folder: Draft creation, publish (directory swap), discard and change set ({@code storage.md} §6, §7). */
final class Drafts {
    private final StoreContext ctx;
    private final GarbageCollector gc;

    Drafts(StoreContext ctx, GarbageCollector gc) {
        this.ctx = ctx;
        this.gc = gc;
    }

    Optional<DraftInfo> readDraft(WorkbenchDir d, Phase phase) {
        Optional<ObjectNode> n = Codec.read(d.draftJson(), Integer.MAX_VALUE, phase);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(StoredForms.draft(n.get()));
        } catch (RuntimeException e) {
            throw FsErrors.error(ErrorCode.FILE_READ_FAILED, phase, "corrupt draft.json");
        }
    }

    // ------------------------------------------------------------------ create

    DraftInfo create(WorkbenchDir d, String draftId, String proposalId, List<Proposal.Write> writes,
                     String publishedGeneration, Instant createdAt) {
        Phase phase = Phase.WORKSHOP;
        if (!Ulid.isValid(draftId) || !Ulid.isValid(proposalId)) {
            throw FsErrors.validation(phase, "invalid_params", "draft and proposal ids must be ULIDs")
                    .inPhase(phase);
        }
        if (FsUtil.exists(d.draftJson()) || FsUtil.exists(d.draft())) {
            throw FsErrors.validation(phase, "draft_exists", null);
        }
        List<String> written = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Proposal.Write w : writes) {
            if (FlatName.escapesSandbox(w.path())) {
                throw FsErrors.error(ErrorCode.SANDBOX_VIOLATION, phase, "path escapes the workbench")
                        .inPhase(phase);
            }
            if (!FlatName.isValid(w.path()) || !seen.add(FlatName.foldCase(w.path())) || w.content() == null) {
                throw FsErrors.validation(phase, "proposal_invalid", "invalid or duplicate path");
            }
            written.add(w.path());
        }
        List<FileEntry> published = ctx.manifest(d, phase);
        DraftInfo info = new DraftInfo(draftId, createdAt, "workshop", proposalId, publishedGeneration, written);
        Path staging = d.staging(proposalId);
        try {
            FsUtil.deleteTree(staging);
            Files.createDirectories(staging);
            ContentStore store = ctx.store(d);
            for (FileEntry f : published) {
                if (store.contains(f.sha256())) {
                    store.link(f.sha256(), staging, f.path());
                } else {
                    FsUtil.copyForced(d.published().resolve(f.path()), staging.resolve(f.path()));
                    FsUtil.setReadOnly(staging.resolve(f.path()));
                }
            }
            for (Proposal.Write w : writes) {
                Path target = staging.resolve(w.path()).normalize();
                if (!target.startsWith(staging)) {
                    throw FsErrors.error(ErrorCode.SANDBOX_VIOLATION, phase, "path escapes the workbench");
                }
                AtomicFiles.write(target, w.content().getBytes(StandardCharsets.UTF_8));
            }
            ctx.ops.rename(staging, d.draft());
            AtomicFiles.write(d.draftJson(), StoredForms.draft(info));
        } catch (IOException | RuntimeException e) {
            FsUtil.deleteTreeQuietly(staging);
            if (!FsUtil.exists(d.draftJson())) {
                FsUtil.deleteTreeQuietly(d.draft());
            }
            throw FsErrors.write(phase, "draft creation failed", e);
        }
        return info;
    }

    // ------------------------------------------------------------------ publish

    DraftStorePort.Published publish(WorkbenchDir d, String checkpointId, Consumer<String> progress) {
        Phase phase = Phase.PUBLISH;
        DraftInfo draft = readDraft(d, phase).orElseThrow(() -> FsErrors.validation(phase, "no_draft", null));
        if (!FsUtil.isDirectory(d.draft())) {
            throw FsErrors.validation(phase, "no_draft", "draft folder missing");
        }
        List<FileEntry> before = ctx.manifest(d, phase);
        progress.accept("swap_directories");
        ContentStore store = ctx.store(d);
        Map<String, FsUtil.Hashed> ingested = new LinkedHashMap<>();
        java.util.Set<String> known;
        try {
            known = new java.util.HashSet<>(store.index().keySet());
        } catch (IOException e) {
            throw FsErrors.write(phase, "publish failed", e);
        }
        try {
            // step 4: ingest written files and replace them by links to their objects
            for (String name : draft.written()) {
                Path f = d.draft().resolve(name);
                if (Files.isSymbolicLink(f)) {
                    throw FsErrors.error(ErrorCode.SANDBOX_VIOLATION, phase, "symbolic link in draft");
                }
                if (!FsUtil.exists(f)) {
                    continue; // an added file rejected in review (revertFile crashed before draft.json)
                }
                FsUtil.Hashed h = store.ingestFile(f);
                store.link(h.sha256(), d.draft(), name);
                ingested.put(name, h);
            }
            AtomicFiles.write(d.publishMarker(), StoredForms.publishMarker(draft.draftId(), checkpointId, ctx.clock.now()));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(d.publishMarker());
            undoIngest(d, store, ingested, known);
            throw FsErrors.write(phase, "publish failed", e);
        }
        // step 5: swap
        try {
            ctx.ops.rename(d.published(), d.publishedPrev());
        } catch (IOException | RuntimeException e) {
            deleteQuietly(d.publishMarker());
            undoIngest(d, store, ingested, known);
            throw FsErrors.write(phase, "publish swap failed", e);
        }
        try {
            ctx.ops.rename(d.draft(), d.published());
        } catch (IOException | RuntimeException e) {
            progress.accept("rolling_back");
            try {
                ctx.ops.rename(d.publishedPrev(), d.published());
                deleteQuietly(d.publishMarker());
                undoIngest(d, store, ingested, known);
            } catch (IOException | RuntimeException again) {
                ctx.log.warn("publish_rollback_failed", Map.of("workbench_id", d.id(),
                        "exception", again.getClass().getSimpleName()));
            }
            throw FsErrors.error(ErrorCode.FILE_WRITE_FAILED, phase, "publish swap failed", e);
        }
        // step 6: files.json is the commit point; until it is written the swap is undone on failure
        progress.accept("finalizing");
        Instant now = ctx.clock.now();
        List<FileEntry> after = merged(before, draft.written(), ingested, now);
        StoreContext.Written written;
        try {
            written = ctx.writeManifest(d, after);
        } catch (IOException | RuntimeException e) {
            progress.accept("rolling_back");
            try {
                ctx.ops.rename(d.published(), d.draft());
                ctx.ops.rename(d.publishedPrev(), d.published());
                deleteQuietly(d.publishMarker());
                undoIngest(d, store, ingested, known);
            } catch (IOException | RuntimeException again) {
                ctx.log.warn("publish_rollback_failed", Map.of("workbench_id", d.id(),
                        "exception", again.getClass().getSimpleName()));
            }
            throw FsErrors.write(phase, "files.json write failed", e);
        }
        finishPublish(d, now);
        // the pre-publish checkpoint names the chunks this replaced, as a rule: then nothing is deleted
        gc.collectReplaced(d, written.replaced());
        return new DraftStorePort.Published(before, after);
    }

    /**
     * After a failed publish: the written files step 4 replaced in {@code draft/} by read-only links to their objects
     * become plain writable files again (same bytes, own inode), so the Draft is as the apply left it, and the objects
     * step 4 created are deleted.
     */
    private void undoIngest(WorkbenchDir d, ContentStore store, Map<String, FsUtil.Hashed> ingested,
                            java.util.Set<String> known) {
        for (String name : ingested.keySet()) {
            Path f = d.draft().resolve(name);
            try {
                if (FsUtil.exists(f) && !Files.isSymbolicLink(f)) {
                    AtomicFiles.write(f, Files.readAllBytes(f));
                }
            } catch (IOException | RuntimeException e) {
                ctx.log.warn("draft_unlink_failed", Map.of("workbench_id", d.id()));
            }
        }
        // and the objects step 4 created go with it
        try {
            store.discard(store.index().keySet().stream().filter(sha -> !known.contains(sha)).toList());
        } catch (IOException e) {
            // unreferenced: collected by the next GC
        }
    }

    /** Step 6 after {@code files.json}: delete {@code draft.json}, {@code published.prev/}, touch, drop marker. */
    void finishPublish(WorkbenchDir d, Instant now) {
        deleteQuietly(d.draftJson());
        FsUtil.deleteTreeQuietly(d.publishedPrev());
        try {
            Codec.read(d.workbenchJson(), StoredForms.WORKBENCH_SCHEMA, Phase.PUBLISH).map(StoredForms::workbench)
                    .ifPresent(info -> write(d.workbenchJson(), StoredForms.workbench(info.withUpdatedAt(now))));
        } catch (RuntimeException e) {
            ctx.log.warn("workbench_touch_failed", Map.of("workbench_id", d.id()));
        }
        deleteQuietly(d.publishMarker());
    }

    /** Current entries with {@code written} names added or replaced. */
    static List<FileEntry> merged(List<FileEntry> before, List<String> written, Map<String, FsUtil.Hashed> hashes,
                                  Instant now) {
        Map<String, FileEntry> byFolded = new LinkedHashMap<>();
        for (FileEntry e : before) {
            byFolded.put(FlatName.foldCase(e.path()), e);
        }
        for (String name : written) {
            FsUtil.Hashed h = hashes.get(name);
            if (h == null) {
                continue;
            }
            FileEntry old = byFolded.get(FlatName.foldCase(name));
            Instant added = old == null ? now : old.addedAt();
            String path = old == null ? name : old.path();
            byFolded.put(FlatName.foldCase(name), FileEntry.of(path, h.size(), h.sha256(), now, added));
        }
        return new ArrayList<>(byFolded.values());
    }

    // ------------------------------------------------------------------ discard and change set

    void discard(WorkbenchDir d) {
        Phase phase = Phase.PUBLISH;
        if (!FsUtil.exists(d.draftJson()) && !FsUtil.exists(d.draft())) {
            throw FsErrors.validation(phase, "no_draft", null);
        }
        try {
            FsUtil.deleteTree(d.draft());
            FsUtil.deleteIfExists(d.draftJson());
            Optional<WorkshopState> state = Codec.read(d.workshopState(), StoredForms.STATE_SCHEMA, phase)
                    .map(StoredForms::workshopState);
            if (state.isPresent() && state.get().pendingProposalId() != null) {
                AtomicFiles.write(d.workshopState(), StoredForms.workshopState(state.get().withPendingProposal(null)));
            }
        } catch (IOException e) {
            throw FsErrors.write(phase, "discard failed", e);
        }
    }

    /**
     * Rejects one change: the file first (the Published object linked back under its name, or the added file
     * deleted), then {@code draft.json} without the name. A crash in between leaves a written name whose file
     * equals Published or is gone; the change set shows neither and publish skips a missing one.
     */
    void revertFile(WorkbenchDir d, FileChange change) {
        Phase phase = Phase.REVIEW;
        DraftInfo draft = readDraft(d, phase).orElseThrow(() -> FsErrors.validation(phase, "no_draft", null));
        String name = change.path();
        if (!FlatName.isValid(name)) {
            throw FsErrors.validation(phase, "unknown_path", null);
        }
        Path target = d.draft().resolve(name);
        try {
            if (change.changeType() == FileChange.ChangeType.ADDED) {
                FsUtil.deleteIfExists(target);
            } else {
                FileEntry old = ctx.manifest(d, phase).stream().filter(e -> e.path().equals(name)).findFirst()
                        .orElseThrow(() -> FsErrors.validation(phase, "unknown_path", null));
                ContentStore store = ctx.store(d);
                if (store.contains(old.sha256())) {
                    store.link(old.sha256(), d.draft(), name);
                } else {
                    Path tmp = FsUtil.tempIn(d.draft(), name);
                    try {
                        FsUtil.copyForced(d.published().resolve(name), tmp);
                        FsUtil.setReadOnly(tmp);
                        FsUtil.clearDosReadOnly(target);
                        ctx.ops.replace(tmp, target);
                    } finally {
                        FsUtil.deleteIfExists(tmp);
                    }
                }
            }
            if (draft.written().contains(name)) {
                AtomicFiles.write(d.draftJson(), StoredForms.draft(draft.withoutWritten(name)));
            }
        } catch (IOException e) {
            throw FsErrors.write(phase, "revert failed", e);
        }
    }

    List<FileChange> changeSet(WorkbenchDir d) {
        Phase phase = Phase.REVIEW;
        DraftInfo draft = readDraft(d, phase).orElseThrow(() -> FsErrors.validation(phase, "no_draft", null));
        List<FileEntry> published = ctx.manifest(d, phase);
        Map<String, FileEntry> byName = new HashMap<>();
        published.forEach(e -> byName.put(e.path(), e));
        List<FileChange> out = new ArrayList<>();
        try {
            Set<String> inDraft = new HashSet<>();
            for (Path p : FsUtil.list(d.draft())) {
                String name = p.getFileName().toString();
                if (FsUtil.isTempName(name)) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    throw FsErrors.error(ErrorCode.SANDBOX_VIOLATION, phase, "symbolic link in draft");
                }
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                inDraft.add(name);
                FileEntry old = byName.get(name);
                if (old == null) {
                    out.add(new FileChange(name, FileChange.ChangeType.ADDED));
                } else if (draft.written().contains(name) || Files.size(p) != old.size()) {
                    FsUtil.Hashed h = FsUtil.hash(p);
                    if (h.size() != old.size() || !h.sha256().equals(old.sha256())) {
                        out.add(new FileChange(name, FileChange.ChangeType.MODIFIED));
                    }
                }
            }
            for (FileEntry e : published) {
                if (!inDraft.contains(e.path())) {
                    out.add(new FileChange(e.path(), FileChange.ChangeType.DELETED));
                }
            }
        } catch (IOException e) {
            throw FsErrors.read(phase, "draft unreadable", e);
        }
        out.sort(Comparator.comparing(FileChange::path));
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private void write(Path target, byte[] bytes) {
        try {
            AtomicFiles.write(target, bytes);
        } catch (IOException e) {
            throw new TrestleException(dev.trestle.domain.model.ErrorInfo.of(ErrorCode.FILE_WRITE_FAILED,
                    Phase.PUBLISH), e);
        }
    }

    private void deleteQuietly(Path p) {
        try {
            FsUtil.deleteIfExists(p);
        } catch (IOException e) {
            ctx.log.warn("delete_failed", Map.of("file", p.getFileName().toString()));
        }
    }
}
