package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.adapters.support.ErrorInfoForm;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.Ulid;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.IdGeneratorPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What the store's parts share: paths, injected ports, the file-op seam and the per-Workbench caches. */
final class StoreContext {
    final Path dataDir;
    final Path workbenches;
    final ClockPort clock;
    final IdGeneratorPort ids;
    final EngineLogPort log;
    final FileOps ops;
    /** Deletes unreferenced leftovers (a restore's old Published tree) off the request path. */
    final BackgroundCleanup cleanup;
    /** Thresholds that choose between equivalent strategies; {@link Tuning#DEFAULT} outside tests. */
    final Tuning tuning;
    private final Map<String, ContentStore> stores = new ConcurrentHashMap<>();
    private final Map<String, ChunkStore> chunkStores = new ConcurrentHashMap<>();
    private final Map<String, Published> manifests = new ConcurrentHashMap<>();

    /** The cached {@code files.json}: its entries and the chunks they are cut into (written or not yet). */
    record Published(List<FileEntry> files, List<ManifestCodec.ChunkRef> chunks) {
    }

    /**
     * Thresholds between strategies that leave the same result on disk, fixed per store: production always runs
     * {@link #DEFAULT}; tests pass others (through a package-private store constructor) to reach a path with a small
     * tree.
     *
     * @param swapMinOps the fewest entries linked or removed for a restore to swap ({@link RestoreSwap#chosen})
     */
    record Tuning(int swapMinOps) {
        static final Tuning DEFAULT = new Tuning(1_000);

        Tuning {
            if (swapMinOps < 1) {
                throw new IllegalArgumentException("swapMinOps < 1");
            }
        }
    }

    StoreContext(Path dataDir, ClockPort clock, IdGeneratorPort ids, EngineLogPort log, FileOps ops,
                 BackgroundCleanup cleanup, Tuning tuning) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.workbenches = this.dataDir.resolve("workbenches");
        this.clock = clock;
        this.ids = ids;
        this.log = log;
        this.ops = ops;
        this.cleanup = cleanup;
        this.tuning = tuning;
    }

    /** The folder of a Workbench id; a non-ULID id never reaches a path ({@code unknown_workbench}). */
    WorkbenchDir dir(String workbenchId, Phase phase) {
        if (!Ulid.isValid(workbenchId)) {
            throw FsErrors.validation(phase, "unknown_workbench", null);
        }
        return new WorkbenchDir(workbenchId, workbenches.resolve(workbenchId));
    }

    ContentStore store(WorkbenchDir d) {
        return stores.computeIfAbsent(d.id(), k -> new ContentStore(d.objects(), ops));
    }

    ChunkStore chunks(WorkbenchDir d) {
        return chunkStores.computeIfAbsent(d.id(), k -> new ChunkStore(d.chunks(), ops));
    }

    void forget(String workbenchId) {
        stores.remove(workbenchId);
        chunkStores.remove(workbenchId);
        manifests.remove(workbenchId);
    }

    void forgetAll() {
        stores.clear();
        chunkStores.clear();
        manifests.clear();
    }

    /** The cached {@code files.json} entries, loaded (and legacy entries hashed) on first use. */
    List<FileEntry> manifest(WorkbenchDir d, Phase phase) {
        return published(d, phase).files();
    }

    /**
     * The chunks of the current {@code files.json}, durable on disk (a {@code files.json} of version 2 is cut into
     * chunks on load; they are written here, on first need, so a checkpoint can name them).
     */
    List<ManifestCodec.ChunkRef> publishedChunks(WorkbenchDir d, Phase phase) throws IOException {
        List<ManifestCodec.ChunkRef> refs = published(d, phase).chunks();
        chunks(d).persist(refs);
        return refs;
    }

    Published published(WorkbenchDir d, Phase phase) {
        Published cached = manifests.get(d.id());
        if (cached != null) {
            return cached;
        }
        Published loaded = loadManifest(d, phase);
        manifests.put(d.id(), loaded);
        return loaded;
    }

    private Published loadManifest(WorkbenchDir d, Phase phase) {
        Optional<ObjectNode> root = Codec.read(d.filesJson(), ManifestCodec.ROOT_SCHEMA, phase);
        if (root.isEmpty()) {
            return new Published(List.of(), List.of());
        }
        try {
            Optional<List<ManifestCodec.ChunkRef>> refs = ManifestCodec.chunks(root.get());
            if (refs.isPresent()) {
                return new Published(List.copyOf(chunks(d).expand(refs.get())), refs.get());
            }
        } catch (IOException | RuntimeException e) {
            throw FsErrors.error(ErrorCode.FILE_READ_FAILED, phase, "corrupt files.json");
        }
        List<FileEntry> out = new ArrayList<>();
        boolean migrated = false;
        try {
            for (var node : root.get().path("files")) {
                ManifestCodec.RawEntry raw = ManifestCodec.rawEntry(node);
                if (raw.sha256() != null) {
                    out.add(raw.toEntry(raw.sha256(), raw.size()));
                    continue;
                }
                // storage.md §11: entries lacking sha256 are hashed on first load
                Path file = d.published().resolve(raw.path());
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                FsUtil.Hashed h = FsUtil.hash(file);
                out.add(raw.toEntry(h.sha256(), h.size()));
                migrated = true;
            }
        } catch (IOException e) {
            throw FsErrors.read(phase, "cannot hash legacy entry", e);
        } catch (RuntimeException e) {
            throw FsErrors.error(ErrorCode.FILE_READ_FAILED, phase, "corrupt files.json");
        }
        List<FileEntry> result = List.copyOf(out);
        if (migrated) {
            try {
                return writeManifest(d, result).published();
            } catch (IOException e) {
                // the migrated form is written back on the next manifest write
            }
        }
        // version 2: cut into chunks in memory; written when a checkpoint first names them, or with files.json
        return new Published(result, chunks(d).split(result));
    }

    /**
     * A {@code files.json} written: what it names now, and the chunks the one before it named and it does not
     * ({@code replaced}; empty when the one before was not cached). Only those can have become garbage: a caller on
     * the request path hands them to {@link GarbageCollector#collectReplaced}.
     */
    record Written(Published published, List<String> replaced) {
    }

    /**
     * Rewrites {@code files.json} (version 3: the chunks that changed, then the small root, atomically) and updates
     * the cache.
     */
    Written writeManifest(WorkbenchDir d, List<FileEntry> entries) throws IOException {
        List<FileEntry> copy = List.copyOf(entries);
        ChunkStore chunks = chunks(d);
        Published before = manifests.get(d.id());
        // from the chunks of the cached manifest: a change of a few entries cuts only their chunks again
        List<ManifestCodec.ChunkRef> refs = before != null ? chunks.split(copy, before.chunks()) : chunks.split(copy);
        List<String> created = chunks.persist(refs);
        try {
            AtomicFiles.write(d.filesJson(), ManifestCodec.filesJson(refs));
        } catch (IOException | RuntimeException e) {
            // all or nothing: the chunks only this files.json would have named go with it
            chunks.discard(created);
            throw e;
        }
        Published p = new Published(copy, refs);
        manifests.put(d.id(), p);
        return new Written(p, before == null ? List.of() : replaced(before.chunks(), refs));
    }

    /** The names in {@code was} that {@code now} does not list (in memory: O(chunks of files.json), no I/O). */
    private static List<String> replaced(List<ManifestCodec.ChunkRef> was, List<ManifestCodec.ChunkRef> now) {
        Set<String> kept = new HashSet<>();
        now.forEach(c -> kept.add(c.sha256()));
        List<String> out = new ArrayList<>();
        for (ManifestCodec.ChunkRef c : was) {
            if (kept.add(c.sha256())) {
                out.add(c.sha256());
            }
        }
        return out;
    }

    void setCachedManifest(String workbenchId, List<FileEntry> entries, List<ManifestCodec.ChunkRef> chunks) {
        manifests.put(workbenchId, new Published(List.copyOf(entries), List.copyOf(chunks)));
    }

    void dropCachedManifest(String workbenchId) {
        manifests.remove(workbenchId);
    }

    /** Appends to {@code workbench_events.jsonl} and mirrors the event to {@code engine.log}; never throws. */
    void event(WorkbenchDir d, String kind, ErrorInfo error, Map<String, ?> metadata) {
        ObjectNode n = Json.object();
        n.put("timestamp", Json.time(clock.now()));
        n.put("kind", kind);
        if (error != null) {
            n.set("error", ErrorInfoForm.tree(error));
        }
        if (metadata != null && !metadata.isEmpty()) {
            n.set("metadata", Json.MAPPER.valueToTree(metadata));
        }
        try {
            Files.createDirectories(d.meta());
            AtomicFiles.appendLine(d.workbenchEvents(), Json.line(n));
        } catch (IOException | RuntimeException e) {
            log.warn("workbench_event_write_failed", Map.of("workbench_id", d.id(), "kind", kind,
                    "exception", e.getClass().getSimpleName()));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("workbench_id", d.id());
        if (metadata != null) {
            fields.putAll(metadata);
        }
        if (error != null) {
            fields.put("error_code", error.errorCode().name());
        }
        log.info(kind, fields);
    }

    static TrestleException unknownCheckpoint(Phase phase) {
        return FsErrors.validation(phase, "unknown_checkpoint", null);
    }
}
