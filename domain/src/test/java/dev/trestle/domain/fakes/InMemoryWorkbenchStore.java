package dev.trestle.domain.fakes;

import dev.trestle.domain.model.AddResult;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.FileChange;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.Limits;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.RemoveResult;
import dev.trestle.domain.model.StoreStats;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.out.CheckpointStorePort;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.DraftStorePort;
import dev.trestle.domain.port.out.IdGeneratorPort;
import dev.trestle.domain.port.out.PublishedFilesPort;
import dev.trestle.domain.port.out.WorkbenchCatalogPort;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The Workbench store in memory: catalog, Published files, Draft and checkpoints over plain maps. Source files for
 * {@link #add} are registered with {@link #source}. It keeps the rules the storage contract
 * ({@code WorkbenchStoreContract}) checks against both this fake and the filesystem adapter; it does not model crashes,
 * hard links or retention.
 */
public final class InMemoryWorkbenchStore
        implements WorkbenchCatalogPort, PublishedFilesPort, DraftStorePort, CheckpointStorePort {
    private final ClockPort clock;
    private final IdGeneratorPort ids;
    private final Map<String, String> sources = new HashMap<>();
    private final Map<String, Folder> folders = new HashMap<>();

    /** One Workbench's state. */
    private static final class Folder {
        WorkbenchInfo info;
        WorkshopState state;
        TreeMap<String, FileEntry> manifest = new TreeMap<>();
        Map<String, String> contents = new HashMap<>();
        DraftInfo draft;
        TreeMap<String, String> draftContents;
        final LinkedHashMap<String, Snapshot> checkpoints = new LinkedHashMap<>();
    }

    private record Snapshot(CheckpointMetadata meta, TreeMap<String, FileEntry> manifest,
                            Map<String, String> contents) {
    }

    public InMemoryWorkbenchStore(ClockPort clock, IdGeneratorPort ids) {
        this.clock = clock;
        this.ids = ids;
    }

    /** Registers a source file {@link #add} can copy from. */
    public synchronized InMemoryWorkbenchStore source(String path, String text) {
        sources.put(path, text);
        return this;
    }

    /** The text of a Published file (for assertions). */
    public synchronized Optional<String> publishedText(String workbenchId, String name) {
        return Optional.ofNullable(folder(workbenchId).contents.get(name));
    }

    private Folder folder(String workbenchId) {
        Folder f = folders.get(workbenchId);
        if (f == null) {
            throw new TrestleException(ErrorInfo.validation(Phase.WORKBENCH, "unknown_workbench", null));
        }
        return f;
    }

    // ---- catalog

    @Override
    public synchronized void create(WorkbenchInfo info, WorkshopState state) {
        Folder f = new Folder();
        f.info = info;
        f.state = state;
        folders.put(info.id(), f);
    }

    @Override
    public synchronized List<WorkbenchInfo> list() {
        return folders.values().stream().map(f -> f.info).toList();
    }

    @Override
    public synchronized Optional<WorkbenchInfo> load(String workbenchId) {
        return Optional.ofNullable(folders.get(workbenchId)).map(f -> f.info);
    }

    @Override
    public synchronized void save(WorkbenchInfo info) {
        folder(info.id()).info = info;
    }

    @Override
    public synchronized Optional<WorkshopState> loadWorkshopState(String workbenchId) {
        return Optional.ofNullable(folders.get(workbenchId)).map(f -> f.state);
    }

    @Override
    public synchronized void saveWorkshopState(String workbenchId, WorkshopState state) {
        folder(workbenchId).state = state;
    }

    @Override
    public synchronized void delete(String workbenchId) {
        folders.remove(workbenchId);
    }

    @Override
    public String sandboxRoot(String workbenchId) {
        return "/memory/workbenches/" + workbenchId;
    }

    // ---- Published

    @Override
    public synchronized List<FileEntry> manifest(String workbenchId) {
        Folder f = folders.get(workbenchId);
        return f == null ? List.of() : List.copyOf(f.manifest.values());
    }

    @Override
    public synchronized AddBatch add(String workbenchId, List<String> sourcePaths, Limits limits) {
        Folder f = folder(workbenchId);
        long fresh = sourcePaths.stream().map(InMemoryWorkbenchStore::nameOf).distinct()
                .filter(n -> !f.manifest.containsKey(n)).count();
        if (f.manifest.size() + fresh > limits.maxFiles()) {
            throw new TrestleException(ErrorInfo.validation(Phase.WORKBENCH, "file_limit_exceeded",
                    "at most " + limits.maxFiles() + " files"));
        }
        List<AddResult> results = new ArrayList<>();
        for (String source : sourcePaths) {
            String name = nameOf(source);
            String text = sources.get(source);
            if (text == null) {
                results.add(AddResult.skipped(source, name, "unreadable"));
                continue;
            }
            f.contents.put(name, text);
            f.manifest.put(name, entry(name, text));
            results.add(AddResult.added(source, name));
        }
        return new AddBatch(results, List.copyOf(f.manifest.values()));
    }

    @Override
    public synchronized List<RemoveResult> remove(String workbenchId, List<String> names) {
        Folder f = folder(workbenchId);
        List<RemoveResult> out = new ArrayList<>();
        for (String name : names) {
            if (f.manifest.remove(name) != null) {
                f.contents.remove(name);
                out.add(new RemoveResult(name, RemoveResult.Status.REMOVED, null));
            } else {
                out.add(new RemoveResult(name, RemoveResult.Status.SKIPPED, "not_found"));
            }
        }
        return out;
    }

    /** When set, {@link #readText} throws it (a store that fails to read, as an adapter raises it). */
    public volatile RuntimeException failReadText;

    @Override
    public synchronized Optional<TextContent> readText(String workbenchId, String name, int maxBytes) {
        if (failReadText != null) {
            throw failReadText;
        }
        String text = folder(workbenchId).contents.get(name);
        if (text == null) {
            return Optional.empty();
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= maxBytes ? Optional.of(new TextContent(text, false))
                : Optional.of(new TextContent(new String(bytes, 0, maxBytes, StandardCharsets.UTF_8), true));
    }

    // ---- Draft

    @Override
    public synchronized Optional<DraftInfo> draft(String workbenchId) {
        Folder f = folders.get(workbenchId);
        return f == null ? Optional.empty() : Optional.ofNullable(f.draft);
    }

    @Override
    public synchronized DraftInfo create(String workbenchId, String draftId, String proposalId,
                                         List<Proposal.Write> writes, String publishedGeneration,
                                         java.time.Instant createdAt) {
        Folder f = folder(workbenchId);
        TreeMap<String, String> contents = new TreeMap<>(f.contents);
        writes.forEach(w -> contents.put(w.path(), w.content()));
        f.draftContents = contents;
        f.draft = new DraftInfo(draftId, createdAt, "proposal", proposalId, publishedGeneration,
                writes.stream().map(Proposal.Write::path).toList());
        return f.draft;
    }

    @Override
    public synchronized Published publish(String workbenchId, String checkpointId, Consumer<String> progress) {
        Folder f = folder(workbenchId);
        if (f.draft == null) {
            throw new TrestleException(ErrorInfo.validation(Phase.PUBLISH, "no_draft", null));
        }
        List<FileEntry> before = List.copyOf(f.manifest.values());
        progress.accept("swap_directories");
        TreeMap<String, FileEntry> manifest = new TreeMap<>();
        f.draftContents.forEach((name, text) -> manifest.put(name, f.manifest.containsKey(name)
                && f.contents.get(name).equals(text) ? f.manifest.get(name) : entry(name, text)));
        f.manifest = manifest;
        f.contents = new HashMap<>(f.draftContents);
        progress.accept("finalizing");
        f.draft = null;
        f.draftContents = null;
        return new Published(before, List.copyOf(manifest.values()));
    }

    @Override
    public synchronized void discard(String workbenchId) {
        Folder f = folder(workbenchId);
        f.draft = null;
        f.draftContents = null;
    }

    @Override
    public synchronized void revertFile(String workbenchId, FileChange change) {
        Folder f = folder(workbenchId);
        if (f.draft == null) {
            throw new TrestleException(ErrorInfo.validation(Phase.REVIEW, "no_draft", null));
        }
        String published = f.contents.get(change.path());
        if (published == null) {
            f.draftContents.remove(change.path());
        } else {
            f.draftContents.put(change.path(), published);
        }
        f.draft = f.draft.withoutWritten(change.path());
    }

    @Override
    public synchronized List<FileChange> changeSet(String workbenchId) {
        Folder f = folder(workbenchId);
        List<FileChange> out = new ArrayList<>();
        if (f.draftContents == null) {
            return out;
        }
        f.draftContents.forEach((name, text) -> {
            String old = f.contents.get(name);
            if (old == null) {
                out.add(new FileChange(name, FileChange.ChangeType.ADDED));
            } else if (!old.equals(text)) {
                out.add(new FileChange(name, FileChange.ChangeType.MODIFIED));
            }
        });
        return out;
    }

    // ---- checkpoints

    @Override
    public synchronized CheckpointMetadata create(String workbenchId, CheckpointReason reason, String description) {
        Folder f = folder(workbenchId);
        long bytes = f.manifest.values().stream().mapToLong(FileEntry::size).sum();
        CheckpointMetadata meta = new CheckpointMetadata(ids.newUlid(), clock.now(), reason, description,
                f.manifest.size(), bytes, true);
        f.checkpoints.put(meta.checkpointId(), new Snapshot(meta, new TreeMap<>(f.manifest),
                new HashMap<>(f.contents)));
        return meta;
    }

    @Override
    public synchronized Listing list(String workbenchId) {
        Folder f = folder(workbenchId);
        List<CheckpointMetadata> newestFirst = f.checkpoints.values().stream().map(Snapshot::meta)
                .sorted(Comparator.comparing(CheckpointMetadata::checkpointId).reversed()).toList();
        Map<String, Long> objects = new HashMap<>();
        f.checkpoints.values().forEach(s -> s.manifest().values().forEach(e -> objects.put(e.sha256(), e.size())));
        f.manifest.values().forEach(e -> objects.put(e.sha256(), e.size()));
        return new Listing(newestFirst, new StoreStats(objects.size(),
                objects.values().stream().mapToLong(Long::longValue).sum()));
    }

    @Override
    public synchronized Optional<CheckpointMetadata> get(String workbenchId, String checkpointId) {
        Folder f = folders.get(workbenchId);
        return f == null ? Optional.empty() : Optional.ofNullable(f.checkpoints.get(checkpointId)).map(Snapshot::meta);
    }

    @Override
    public synchronized Restored restore(String workbenchId, String checkpointId, String preRestoreCheckpointId,
                                         Consumer<Progress> progress) {
        Folder f = folder(workbenchId);
        Snapshot s = f.checkpoints.get(checkpointId);
        if (s == null) {
            throw new TrestleException(ErrorInfo.validation(Phase.RESTORE, "unknown_checkpoint", null));
        }
        List<FileEntry> before = List.copyOf(f.manifest.values());
        progress.accept(new Progress("staging", 100));
        progress.accept(new Progress("swapping", null));
        f.manifest = new TreeMap<>(s.manifest());
        f.contents = new HashMap<>(s.contents());
        f.state = f.state == null ? null : f.state.withPendingProposal(null);
        progress.accept(new Progress("finalizing", null));
        return new Restored(before, List.copyOf(f.manifest.values()));
    }

    @Override
    public synchronized Optional<ManifestDelta> compare(String workbenchId, String fromCheckpointId,
                                                        String toCheckpointId) {
        Optional<List<FileEntry>> from = files(workbenchId, fromCheckpointId);
        Optional<List<FileEntry>> to = toCheckpointId == null ? Optional.of(manifest(workbenchId))
                : files(workbenchId, toCheckpointId);
        if (from.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ManifestDelta(from.get(), to.get(), 0));
    }

    @Override
    public synchronized Optional<List<FileEntry>> files(String workbenchId, String checkpointId) {
        Folder f = folders.get(workbenchId);
        Snapshot s = f == null || checkpointId == null ? null : f.checkpoints.get(checkpointId);
        return s == null ? Optional.empty() : Optional.of(List.copyOf(s.manifest().values()));
    }

    @Override
    public synchronized Restored restoreFiles(String workbenchId, String checkpointId, String preRestoreCheckpointId,
                                              List<FileEntry> files, Consumer<Progress> progress) {
        Folder f = folder(workbenchId);
        Snapshot s = f.checkpoints.get(checkpointId);
        if (s == null) {
            throw new TrestleException(ErrorInfo.validation(Phase.RESTORE, "unknown_checkpoint", null));
        }
        List<FileEntry> before = List.copyOf(f.manifest.values());
        Map<String, String> bySha = new HashMap<>();
        f.manifest.values().forEach(e -> bySha.put(e.sha256(), f.contents.get(e.path())));
        s.manifest().values().forEach(e -> bySha.put(e.sha256(), s.contents().get(e.path())));
        for (FileEntry e : files) {
            if (!bySha.containsKey(e.sha256())) {
                throw new TrestleException(ErrorInfo.of(dev.trestle.domain.model.ErrorCode.CHECKPOINT_RESTORE_FAILED,
                        Phase.RESTORE).withDetail("object_missing"));
            }
        }
        progress.accept(new Progress("staging", null));
        progress.accept(new Progress("swapping", null));
        TreeMap<String, FileEntry> manifest = new TreeMap<>();
        Map<String, String> contents = new HashMap<>();
        for (FileEntry e : files) {
            manifest.put(e.path(), e);
            contents.put(e.path(), bySha.get(e.sha256()));
        }
        f.manifest = manifest;
        f.contents = contents;
        f.state = f.state == null ? null : f.state.withPendingProposal(null);
        progress.accept(new Progress("finalizing", null));
        return new Restored(before, List.copyOf(f.manifest.values()));
    }

    @Override
    public synchronized Optional<CheckpointMetadata> setPinned(String workbenchId, String checkpointId,
                                                               boolean pinned) {
        Folder f = folders.get(workbenchId);
        Snapshot s = f == null || checkpointId == null ? null : f.checkpoints.get(checkpointId);
        if (s == null) {
            return Optional.empty();
        }
        Snapshot updated = new Snapshot(s.meta().withPinned(pinned), s.manifest(), s.contents());
        f.checkpoints.put(checkpointId, updated);
        return Optional.of(updated.meta());
    }

    @Override
    public synchronized StoreStats prune(String workbenchId, String checkpointId) {
        Folder f = folder(workbenchId);
        Snapshot s = f.checkpoints.get(checkpointId);
        if (s != null && !s.meta().pinned()) {
            f.checkpoints.remove(checkpointId);
        }
        return list(workbenchId).store();
    }

    @Override
    public synchronized Optional<byte[]> readObject(String workbenchId, String sha256) {
        Folder f = folder(workbenchId);
        for (FileEntry e : f.manifest.values()) {
            if (e.sha256().equals(sha256)) {
                return Optional.of(f.contents.get(e.path()).getBytes(StandardCharsets.UTF_8));
            }
        }
        for (Snapshot s : f.checkpoints.values()) {
            for (FileEntry e : s.manifest().values()) {
                if (e.sha256().equals(sha256)) {
                    return Optional.of(s.contents().get(e.path()).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return Optional.empty();
    }

    private FileEntry entry(String name, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return FileEntry.of(name, bytes.length, sha256(bytes), clock.now(), clock.now());
    }

    private static String nameOf(String source) {
        int slash = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
        return source.substring(slash + 1);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
