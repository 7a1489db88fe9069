package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.AtomicFiles;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final Map<String, ContentStore> stores = new ConcurrentHashMap<>();
    private final Map<String, List<FileEntry>> manifests = new ConcurrentHashMap<>();
    /** Per Workbench: each entry's manifest JSON, kept across files.json versions (values, so never stale). */
    private final Map<String, Codec.EntryJson> entryJson = new ConcurrentHashMap<>();

    StoreContext(Path dataDir, ClockPort clock, IdGeneratorPort ids, EngineLogPort log, FileOps ops,
                 BackgroundCleanup cleanup) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.workbenches = this.dataDir.resolve("workbenches");
        this.clock = clock;
        this.ids = ids;
        this.log = log;
        this.ops = ops;
        this.cleanup = cleanup;
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

    void forget(String workbenchId) {
        stores.remove(workbenchId);
        manifests.remove(workbenchId);
        entryJson.remove(workbenchId);
    }

    void forgetAll() {
        stores.clear();
        manifests.clear();
        entryJson.clear();
    }

    /** The cached {@code files.json} entries, loaded (and legacy entries hashed) on first use. */
    List<FileEntry> manifest(WorkbenchDir d, Phase phase) {
        List<FileEntry> cached = manifests.get(d.id());
        if (cached != null) {
            return cached;
        }
        List<FileEntry> loaded = withJson(d.id(), loadManifest(d, phase));
        manifests.put(d.id(), loaded);
        return loaded;
    }

    /** The entries as the cached list type whose manifest JSON {@link Codec#manifest} reuses. */
    private List<FileEntry> withJson(String workbenchId, List<FileEntry> entries) {
        return new Codec.Entries(entries, entryJson.computeIfAbsent(workbenchId, k -> new Codec.EntryJson()));
    }

    private List<FileEntry> loadManifest(WorkbenchDir d, Phase phase) {
        Optional<ObjectNode> root = Codec.read(d.filesJson(), Codec.FILES_SCHEMA, phase);
        if (root.isEmpty()) {
            return List.of();
        }
        List<FileEntry> out = new ArrayList<>();
        boolean migrated = false;
        try {
            for (var node : root.get().path("files")) {
                Codec.RawEntry raw = Codec.rawEntry(node);
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
                AtomicFiles.write(d.filesJson(), Codec.filesJson(result));
            } catch (IOException e) {
                // the migrated form is written back on the next manifest write
            }
        }
        return result;
    }

    /** Rewrites {@code files.json} atomically and updates the cache. */
    void writeManifest(WorkbenchDir d, List<FileEntry> entries) throws IOException {
        List<FileEntry> copy = List.copyOf(entries);
        AtomicFiles.write(d.filesJson(), Codec.filesJson(copy));
        manifests.put(d.id(), withJson(d.id(), copy));
    }

    void setCachedManifest(String workbenchId, List<FileEntry> entries) {
        manifests.put(workbenchId, withJson(workbenchId, entries));
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
            n.set("error", Json.errorInfo(error));
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
