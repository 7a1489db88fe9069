package dev.trestle.adapters.fs;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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

    /**
     * The entries of a chunk, read token by token (no data binding: a cold engine's first listing reads ~160 chunks,
     * and binding the record forms cost most of it before the JIT warmed up). Accepts what the bound form accepted:
     * fields in any order, unknown fields skipped, entries of 5–7 values (kind and MIME type may be absent or null).
     */
    static List<FileEntry> readChunk(byte[] bytes) throws IOException {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("chunk");
            }
            int schema = -1;
            List<FileEntry> out = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.getCurrentName();
                JsonToken t = p.nextToken();
                if ("schema_version".equals(field) && t == JsonToken.VALUE_NUMBER_INT) {
                    schema = p.getIntValue();
                } else if ("files".equals(field) && t == JsonToken.START_ARRAY) {
                    out = new ArrayList<>();
                    while (p.nextToken() == JsonToken.START_ARRAY) {
                        out.add(readEntry(p));
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (out == null || schema > CHUNK_SCHEMA) {
                throw new IllegalArgumentException("chunk");
            }
            return List.copyOf(out);
        }
    }

    /** One {@code [path, size, sha256, modified, added, kind?, mime?]} array, the parser on its start. */
    private static FileEntry readEntry(JsonParser p) throws IOException {
        String path = text(p);
        long size = number(p);
        String sha = text(p);
        long modified = number(p);
        long added = number(p);
        String kind = null;
        String mime = null;
        JsonToken t = p.nextToken();
        if (t != JsonToken.END_ARRAY) {
            kind = t == JsonToken.VALUE_NULL ? null : p.getValueAsString();
            t = p.nextToken();
            if (t != JsonToken.END_ARRAY) {
                mime = t == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                if (p.nextToken() != JsonToken.END_ARRAY) {
                    throw new IllegalArgumentException("chunk entry");
                }
            }
        }
        return new ChunkEntry(path, size, sha, modified, added, kind, mime).toEntry();
    }

    private static String text(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("chunk entry");
        }
        return p.getText();
    }

    private static long number(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("chunk entry");
        }
        return p.getLongValue();
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
        Instant modified = n.hasNonNull("modified_at") ? parseTime(n.get("modified_at").asText()) : Instant.EPOCH;
        Instant added = n.hasNonNull("added_at") ? parseTime(n.get("added_at").asText()) : modified;
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

    /**
     * Reads {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} (the form {@link Json#time} writes) without a formatter: two per entry
     * made {@link Instant#parse} most of the cost of reading a 10 000-entry manifest for a comparison. Any other form
     * goes through {@link Json#parseTime}, so the accepted inputs and the errors are unchanged.
     */
    static Instant parseTime(String s) {
        if (s == null || s.length() != 24 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(19) != '.' || s.charAt(23) != 'Z') {
            return Json.parseTime(s);
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int millis = digits(s, 20, 3);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59 || millis < 0) {
            return Json.parseTime(s);
        }
        try {
            long days = java.time.LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400L + hour * 3600L + minute * 60L + second, millis * 1_000_000L);
        } catch (java.time.DateTimeException e) {
            return Json.parseTime(s);
        }
    }

    /** The decimal value of {@code count} ASCII digits at {@code at}, or -1 when one is not a digit. */
    private static int digits(String s, int at, int count) {
        int v = 0;
        for (int i = at; i < at + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
