package dev.trestle.adapters.fs;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.FileKind;
import dev.trestle.domain.model.FlatName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON forms of Published manifests ({@code storage.md} §4, §6): {@code files.json}, checkpoint manifests
 * {@code checkpoints/<id>.json} and the manifest chunks {@code checkpoints/chunks/<sha256>} they share.
 * <p>
 * Version 3 (written): a manifest is a small root listing chunk references in order; a chunk is an immutable,
 * content-addressed list of entries, each a compact array. Version 2 (read only): the entries inline in the root.
 */
final class ManifestCodec {
    /** Written {@code schema_version} of {@code files.json} and checkpoint manifests; 2 (inline entries) is read. */
    static final int ROOT_SCHEMA = 3;
    static final int CHUNK_SCHEMA = 1;

    private static final ObjectWriter ROOT_WRITER = Json.MAPPER.writerFor(Root.class);
    private static final ObjectReader ROOT_READER = Json.MAPPER.readerFor(Root.class);
    private static final ObjectWriter CHUNK_WRITER = Json.MAPPER.writerFor(Chunk.class);
    private static final ObjectReader CHUNK_READER = Json.MAPPER.readerFor(Chunk.class);

    private ManifestCodec() {
    }

    /** A chunk reference in a root: the chunk's name and the totals of its entries. */
    @JsonPropertyOrder({"sha256", "files", "bytes"})
    record ChunkRef(@JsonProperty("sha256") String sha256, @JsonProperty("files") int files,
                    @JsonProperty("bytes") long bytes) {
    }

    /** Totals of a manifest (every entry, all chunks). */
    @JsonPropertyOrder({"files", "total_bytes"})
    record Stats(@JsonProperty("files") int files, @JsonProperty("total_bytes") long totalBytes) {
        static Stats of(List<ChunkRef> chunks) {
            int files = 0;
            long bytes = 0;
            for (ChunkRef c : chunks) {
                files += c.files();
                bytes += c.bytes();
            }
            return new Stats(files, bytes);
        }
    }

    /** A version-3 root: {@code files.json} (no checkpoint fields) or a checkpoint manifest. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"schema_version", "checkpoint_id", "created_at", "reason", "description", "stats", "chunks"})
    record Root(@JsonProperty("schema_version") int schemaVersion,
                @JsonProperty("checkpoint_id") String checkpointId,
                @JsonProperty("created_at") String createdAt,
                @JsonProperty("reason") String reason,
                @JsonProperty("description") String description,
                @JsonProperty("stats") Stats stats,
                @JsonProperty("chunks") List<ChunkRef> chunks) {
    }

    /** One entry of a chunk, as an array: path, size, sha256, modified and added (epoch ms), kind, MIME type. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"path", "size", "sha256", "modified", "added", "kind", "mime"})
    record ChunkEntry(@JsonProperty("path") String path, @JsonProperty("size") long size,
                      @JsonProperty("sha256") String sha256, @JsonProperty("modified") long modified,
                      @JsonProperty("added") long added, @JsonProperty("kind") String kind,
                      @JsonProperty("mime") String mime) {
        static ChunkEntry of(FileEntry e) {
            return new ChunkEntry(e.path(), e.size(), e.sha256(), e.modifiedAt().toEpochMilli(),
                    e.addedAt().toEpochMilli(), e.fileKind().wire(), e.mimeType());
        }

        FileEntry toEntry() {
            if (path == null || !FlatName.isValid(path)) {
                throw new IllegalArgumentException("invalid name");
            }
            if (!ContentStore.isObjectName(sha256) || size < 0) {
                throw new IllegalArgumentException("invalid entry");
            }
            return new FileEntry(path, size, sha256, Instant.ofEpochMilli(modified), Instant.ofEpochMilli(added),
                    kind == null ? FileKind.classify(path) : FileKind.fromWire(kind),
                    mime == null ? FileKind.mimeType(path) : mime);
        }
    }

    @JsonPropertyOrder({"schema_version", "files"})
    record Chunk(@JsonProperty("schema_version") int schemaVersion, @JsonProperty("files") List<ChunkEntry> files) {
    }

    /** A parsed checkpoint manifest; {@code chunks} is null for a version-2 manifest (entries inline). */
    record Manifest(String id, Instant createdAt, CheckpointReason reason, String description, Stats stats,
                    List<ChunkRef> chunks, List<FileEntry> inline) {
        CheckpointMetadata metadata(boolean restorable) {
            return new CheckpointMetadata(id, createdAt, reason, description, stats.files(), stats.totalBytes(),
                    restorable);
        }
    }

    // ---- writing

    static byte[] filesJson(List<ChunkRef> chunks) {
        return write(ROOT_WRITER, new Root(ROOT_SCHEMA, null, null, null, null, Stats.of(chunks), chunks));
    }

    static byte[] checkpoint(String id, Instant createdAt, CheckpointReason reason, String description,
                             List<ChunkRef> chunks) {
        return write(ROOT_WRITER, new Root(ROOT_SCHEMA, id, Json.time(createdAt), reason.wire(), description,
                Stats.of(chunks), chunks));
    }

    static byte[] chunk(List<FileEntry> files) {
        List<ChunkEntry> out = new ArrayList<>(files.size());
        files.forEach(f -> out.add(ChunkEntry.of(f)));
        return write(CHUNK_WRITER, new Chunk(CHUNK_SCHEMA, out));
    }

    private static byte[] write(ObjectWriter w, Object value) {
        try {
            return w.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory JSON generation cannot fail", e);
        }
    }

    // ---- reading

    static List<FileEntry> readChunk(byte[] bytes) throws IOException {
        Chunk c = CHUNK_READER.readValue(bytes);
        if (c == null || c.files() == null || c.schemaVersion() > CHUNK_SCHEMA) {
            throw new IllegalArgumentException("chunk");
        }
        List<FileEntry> out = new ArrayList<>(c.files().size());
        for (ChunkEntry e : c.files()) {
            out.add(e.toEntry());
        }
        return List.copyOf(out);
    }

    /** The chunk references of a version-3 root; empty for a version-2 root (its entries are inline). */
    static Optional<List<ChunkRef>> chunks(ObjectNode root) throws IOException {
        if (root.path("schema_version").asInt() < ROOT_SCHEMA) {
            return Optional.empty();
        }
        Root r = ROOT_READER.readValue(root);
        if (r.chunks() == null) {
            throw new IllegalArgumentException("chunks");
        }
        for (ChunkRef c : r.chunks()) {
            if (c == null || !ContentStore.isObjectName(c.sha256()) || c.files() < 0 || c.bytes() < 0) {
                throw new IllegalArgumentException("chunk reference");
            }
        }
        return Optional.of(List.copyOf(r.chunks()));
    }

    static Manifest manifest(ObjectNode n) throws IOException {
        String id = Codec.required(n, "checkpoint_id");
        Instant createdAt = Json.parseTime(Codec.required(n, "created_at"));
        CheckpointReason reason = CheckpointReason.fromWire(Json.text(n, "reason"));
        String description = Optional.ofNullable(Json.text(n, "description")).orElse("");
        Optional<List<ChunkRef>> chunks = chunks(n);
        if (chunks.isPresent()) {
            return new Manifest(id, createdAt, reason, description, Stats.of(chunks.get()), chunks.get(), null);
        }
        List<FileEntry> files = strictEntries(n);
        return new Manifest(id, createdAt, reason, description,
                new Stats(files.size(), files.stream().mapToLong(FileEntry::size).sum()), null, files);
    }

    /** A version-2 entry; {@code sha256} may be null for a legacy entry that still has to be hashed. */
    record RawEntry(String path, long size, String sha256, Instant modifiedAt, Instant addedAt, FileKind kind,
                    String mimeType) {
        FileEntry toEntry(String sha, long actualSize) {
            return new FileEntry(path, actualSize, sha, modifiedAt, addedAt, kind, mimeType);
        }
    }

    static RawEntry rawEntry(JsonNode n) {
        String path = Codec.required(n, "path");
        if (!FlatName.isValid(path)) {
            throw new IllegalArgumentException("invalid name");
        }
        String sha = Json.text(n, "sha256");
        if (sha != null && !ContentStore.isObjectName(sha)) {
            throw new IllegalArgumentException("invalid sha256");
        }
        Instant modified = n.hasNonNull("modified_at") ? Json.parseTime(n.get("modified_at").asText()) : Instant.EPOCH;
        Instant added = n.hasNonNull("added_at") ? Json.parseTime(n.get("added_at").asText()) : modified;
        FileKind kind = FileKind.classify(path);
        String kindText = Json.text(n, "file_kind");
        if (kindText != null) {
            kind = FileKind.fromWire(kindText);
        }
        String mime = Json.text(n, "mime_type");
        return new RawEntry(path, n.path("size").asLong(0), sha, modified, added, kind,
                mime == null ? FileKind.mimeType(path) : mime);
    }

    /** Entries of a version-2 root; all must carry a valid sha256. */
    static List<FileEntry> strictEntries(JsonNode root) {
        List<FileEntry> out = new ArrayList<>();
        for (JsonNode e : root.path("files")) {
            RawEntry raw = rawEntry(e);
            if (raw.sha256() == null) {
                throw new IllegalArgumentException("entry without sha256");
            }
            out.add(raw.toEntry(raw.sha256(), raw.size()));
        }
        return out;
    }
}
