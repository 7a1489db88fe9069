package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.FileKind;
import dev.trestle.domain.model.FlatName;
import dev.trestle.domain.model.Phase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reading a stored JSON file, and the hand-built forms not yet on Jackson-annotated records: {@code files.json} and
 * checkpoint manifests (being redesigned, issue 14) and the conversation and egress lines. The small single-object
 * forms are {@link StoredForms}.
 */
final class Codec {
    static final int FILES_SCHEMA = 2;
    static final int CHECKPOINT_SCHEMA = 2;

    private Codec() {
    }

    /**
     * Reads a JSON object file. Empty when the file does not exist; {@code FILE_READ_FAILED} (file untouched) when it
     * is not a JSON object, is a symbolic link, or has a {@code schema_version} newer than {@code maxSchema}.
     */
    static Optional<ObjectNode> read(Path file, int maxSchema, Phase phase) {
        byte[] bytes;
        try {
            if (Files.isSymbolicLink(file)) {
                throw FsErrors.error(ErrorCode.SANDBOX_VIOLATION, phase, "symbolic link in workbench");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw FsErrors.read(phase, "cannot read " + file.getFileName(), e);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw FsErrors.error(ErrorCode.FILE_READ_FAILED, phase, "corrupt " + file.getFileName());
        }
        if (node == null || !node.isObject()) {
            throw FsErrors.error(ErrorCode.FILE_READ_FAILED, phase, "corrupt " + file.getFileName());
        }
        JsonNode version = node.get("schema_version");
        if (version != null && (!version.canConvertToInt() || version.asInt() > maxSchema)) {
            throw FsErrors.error(ErrorCode.FILE_READ_FAILED, phase,
                    "unsupported schema_version in " + file.getFileName());
        }
        return Optional.of((ObjectNode) node);
    }

    static String required(JsonNode n, String field) {
        String v = Json.text(n, field);
        if (v == null) {
            throw new IllegalArgumentException("missing " + field);
        }
        return v;
    }

    // ---- FileEntry / files.json / manifests

    static ObjectNode fileEntry(FileEntry e) {
        ObjectNode n = Json.object();
        n.put("path", e.path());
        n.put("size", e.size());
        n.put("sha256", e.sha256());
        n.put("modified_at", Json.time(e.modifiedAt()));
        n.put("added_at", Json.time(e.addedAt()));
        n.put("file_kind", e.fileKind().wire());
        n.put("mime_type", e.mimeType());
        n.put("is_opaque", e.isOpaque());
        return n;
    }

    /** A raw entry; {@code sha256} may be null for a legacy entry that still has to be hashed. */
    record RawEntry(String path, long size, String sha256, Instant modifiedAt, Instant addedAt, FileKind kind,
                    String mimeType) {
        FileEntry toEntry(String sha, long actualSize) {
            return new FileEntry(path, actualSize, sha, modifiedAt, addedAt, kind, mimeType);
        }
    }

    static RawEntry rawEntry(JsonNode n) {
        String path = required(n, "path");
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

    static ArrayNode entries(List<FileEntry> files) {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        files.forEach(f -> arr.add(fileEntry(f)));
        return arr;
    }

    static byte[] filesJson(List<FileEntry> files) {
        ObjectNode n = Json.object();
        n.put("schema_version", FILES_SCHEMA);
        n.set("files", entries(files));
        return Json.bytes(n);
    }

    /** Entries of a files.json or manifest node; all must carry a valid sha256. */
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
     * A checkpoint manifest, compact. At 10 000 entries serialising the entries is most of a checkpoint's work, so
     * each entry's JSON object is made once and kept: when {@code files} is an {@link Entries} (the store's cached
     * {@code files.json} list) its shared {@link EntryJson} cache supplies the bytes and the manifest is a header plus a
     * concatenation. Byte-identical to streaming every entry through one generator.
     */
    static byte[] manifest(String id, Instant createdAt, CheckpointReason reason, String description,
                           List<FileEntry> files) {
        byte[][] parts = files instanceof Entries en ? en.json.fragments(en.files) : EntryJson.encode(files);
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream(256);
        try (com.fasterxml.jackson.core.JsonGenerator g = Json.MAPPER.getFactory().createGenerator(head)) {
            g.writeStartObject();
            g.writeNumberField("schema_version", CHECKPOINT_SCHEMA);
            g.writeStringField("checkpoint_id", id);
            g.writeStringField("created_at", Json.time(createdAt));
            g.writeStringField("reason", reason.wire());
            g.writeStringField("description", description);
            g.writeObjectFieldStart("stats");
            g.writeNumberField("files", files.size());
            long total = 0;
            for (FileEntry e : files) {
                total += e.size();
            }
            g.writeNumberField("total_bytes", total);
            g.writeEndObject();
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("in-memory JSON generation cannot fail", e);
        }
        byte[] h = head.toByteArray(); // {...,"stats":{...}} : the closing brace is replaced by the files array
        byte[] open = ",\"files\":[".getBytes(StandardCharsets.US_ASCII);
        int size = h.length - 1 + open.length + 3 + Math.max(0, parts.length - 1);
        for (byte[] p : parts) {
            size += p.length;
        }
        byte[] out = new byte[size];
        int at = h.length - 1;
        System.arraycopy(h, 0, out, 0, at);
        System.arraycopy(open, 0, out, at, open.length);
        at += open.length;
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            System.arraycopy(parts[i], 0, out, at, parts[i].length);
            at += parts[i].length;
        }
        out[at++] = ']';
        out[at++] = '}';
        out[at] = '\n';
        return out;
    }

    /**
     * A Workbench's cached {@code files.json} entries (immutable) together with that Workbench's {@link EntryJson}
     * cache, which outlives each list version so unchanged entries keep their bytes across ingests and removals.
     */
    static final class Entries extends java.util.AbstractList<FileEntry> implements java.util.RandomAccess {
        private final List<FileEntry> files;
        private final EntryJson json;

        Entries(List<FileEntry> files, EntryJson json) {
            this.files = List.copyOf(files);
            this.json = java.util.Objects.requireNonNull(json);
        }

        @Override
        public FileEntry get(int index) {
            return files.get(index);
        }

        @Override
        public int size() {
            return files.size();
        }
    }

    /**
     * Each entry's compact manifest JSON object, keyed by the entry's value (entries are immutable records, and equal
     * entries serialise to equal bytes). Entries no longer listed are dropped when the cache grows past twice the
     * current list. Thread-safe.
     */
    static final class EntryJson {
        private java.util.Map<FileEntry, byte[]> bytes = new java.util.HashMap<>();

        synchronized byte[][] fragments(List<FileEntry> files) {
            boolean prune = bytes.size() > 2 * files.size() + 64;
            java.util.Map<FileEntry, byte[]> keep = prune ? new java.util.HashMap<>(files.size() * 4 / 3 + 1) : bytes;
            byte[][] out = new byte[files.size()][];
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < out.length; i++) {
                byte[] b = bytes.get(files.get(i));
                if (b == null) {
                    missing.add(i);
                } else {
                    out[i] = b;
                    if (prune) {
                        keep.put(files.get(i), b);
                    }
                }
            }
            if (!missing.isEmpty()) {
                List<FileEntry> todo = new ArrayList<>(missing.size());
                missing.forEach(i -> todo.add(files.get(i)));
                byte[][] made = encode(todo);
                for (int k = 0; k < made.length; k++) {
                    out[missing.get(k)] = made[k];
                    keep.put(todo.get(k), made[k]);
                }
            }
            bytes = keep;
            return out;
        }

        synchronized int size() {
            return bytes.size();
        }

        /** Each entry as one compact JSON object, in order, through one generator. */
        static byte[][] encode(List<FileEntry> files) {
            byte[][] out = new byte[files.size()][];
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(512);
            try (com.fasterxml.jackson.core.JsonGenerator g = Json.MAPPER.getFactory().createGenerator(buf)) {
                g.setRootValueSeparator(null);
                char[] time = new char[TIME_CHARS];
                for (int i = 0; i < out.length; i++) {
                    FileEntry e = files.get(i);
                    g.writeStartObject();
                    g.writeStringField("path", e.path());
                    g.writeNumberField("size", e.size());
                    g.writeStringField("sha256", e.sha256());
                    g.writeFieldName("modified_at");
                    writeTime(g, e.modifiedAt(), time);
                    g.writeFieldName("added_at");
                    writeTime(g, e.addedAt(), time);
                    g.writeStringField("file_kind", e.fileKind().wire());
                    g.writeStringField("mime_type", e.mimeType());
                    g.writeBooleanField("is_opaque", e.isOpaque());
                    g.writeEndObject();
                    g.flush();
                    out[i] = buf.toByteArray();
                    buf.reset();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("in-memory JSON generation cannot fail", e);
            }
            return out;
        }
    }

    private static final int TIME_CHARS = 24;
    private static final long MIN_FAST_SECOND = -62_135_596_800L; // 0001-01-01T00:00:00Z
    private static final long MAX_FAST_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

    /**
     * Writes {@code t} as {@link Json#time} does ({@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}, UTC) without a formatter: two
     * per entry make the formatter the largest cost of a big manifest. Years outside 0000-9999 use {@link Json#time}.
     */
    static void writeTime(com.fasterxml.jackson.core.JsonGenerator g, Instant t, char[] buf) throws java.io.IOException {
        if (t == null) {
            g.writeNull();
            return;
        }
        long sec = t.getEpochSecond();
        if (sec < MIN_FAST_SECOND || sec > MAX_FAST_SECOND) {
            g.writeString(Json.time(t));
            return;
        }
        long days = Math.floorDiv(sec, 86_400L);
        int secOfDay = (int) Math.floorMod(sec, 86_400L);
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
        put4(buf, 0, date.getYear());
        buf[4] = '-';
        put2(buf, 5, date.getMonthValue());
        buf[7] = '-';
        put2(buf, 8, date.getDayOfMonth());
        buf[10] = 'T';
        put2(buf, 11, secOfDay / 3600);
        buf[13] = ':';
        put2(buf, 14, secOfDay / 60 % 60);
        buf[16] = ':';
        put2(buf, 17, secOfDay % 60);
        buf[19] = '.';
        int millis = t.getNano() / 1_000_000;
        buf[20] = (char) ('0' + millis / 100);
        put2(buf, 21, millis % 100);
        buf[23] = 'Z';
        g.writeString(buf, 0, TIME_CHARS);
    }

    private static void put2(char[] b, int at, int v) {
        b[at] = (char) ('0' + v / 10);
        b[at + 1] = (char) ('0' + v % 10);
    }

    private static void put4(char[] b, int at, int v) {
        put2(b, at, v / 100);
        put2(b, at + 2, v % 100);
    }

    /** A parsed checkpoint manifest. */
    record Manifest(String id, Instant createdAt, CheckpointReason reason, String description, List<FileEntry> files) {
        CheckpointMetadata metadata(boolean restorable) {
            return new CheckpointMetadata(id, createdAt, reason, description, files.size(),
                    files.stream().mapToLong(FileEntry::size).sum(), restorable);
        }
    }

    static Manifest manifest(ObjectNode n) {
        return new Manifest(required(n, "checkpoint_id"), Json.parseTime(required(n, "created_at")),
                CheckpointReason.fromWire(Json.text(n, "reason")),
                Optional.ofNullable(Json.text(n, "description")).orElse(""), strictEntries(n));
    }

    // ---- conversation and egress lines

    static String conversation(ConversationRecord r) {
        ObjectNode n = Json.object();
        n.put("type", r.type().wire());
        n.put("message_id", r.messageId());
        n.put("role", r.type().role());
        n.put("text", r.text() == null ? "" : r.text());
        n.put("created_at", Json.time(r.createdAt()));
        Json.putIf(n, "model_id", r.modelId());
        Json.putIf(n, "event_kind", r.eventKind());
        Json.putIf(n, "checkpoint_id", r.checkpointId());
        Json.putIf(n, "reason", r.reason());
        if (r.metadata() != null) {
            ObjectNode m = n.putObject("metadata");
            r.metadata().forEach(m::put);
        }
        if (r.error() != null) {
            n.set("error", Json.errorInfo(r.error()));
        }
        return Json.line(n);
    }

    static ConversationRecord conversation(JsonNode n) {
        Map<String, String> metadata = null;
        if (n.get("metadata") != null && n.get("metadata").isObject()) {
            metadata = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : n.get("metadata").properties()) {
                metadata.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
        }
        return new ConversationRecord(ConversationRecord.Type.fromWire(required(n, "type")),
                required(n, "message_id"), Optional.ofNullable(Json.text(n, "text")).orElse(""),
                Json.parseTime(required(n, "created_at")), Json.text(n, "model_id"), Json.text(n, "event_kind"),
                Json.text(n, "checkpoint_id"), Json.text(n, "reason"), metadata, Json.readErrorInfo(n.get("error")));
    }

    static String egress(EgressEvent e) {
        ObjectNode n = Json.object();
        n.put("timestamp", Json.time(e.timestamp()));
        n.put("kind", e.kind());
        Json.putIf(n, "provider_id", e.providerId());
        Json.putIf(n, "model_id", e.modelId());
        Json.putIf(n, "endpoint_host", e.endpointHost());
        Json.putIf(n, "scope_hash", e.scopeHash());
        Json.putIf(n, "outcome", e.outcome());
        Json.putIf(n, "error_code", e.errorCode());
        if (e.tokensIn() != null) {
            n.put("tokens_in", e.tokensIn());
        }
        if (e.tokensOut() != null) {
            n.put("tokens_out", e.tokensOut());
        }
        if (e.receipt() != null) {
            n.set("receipt", Json.egressReceipt(e.receipt()));
        }
        return Json.line(n);
    }

    static EgressEvent egress(JsonNode n) {
        java.time.Instant at = Json.parseTime(required(n, "timestamp"));
        dev.trestle.domain.model.EgressReceipt receipt = Json.readEgressReceipt(n.get("receipt"));
        return new EgressEvent(at, required(n, "kind"),
                Json.text(n, "provider_id"), Json.text(n, "model_id"), Json.text(n, "endpoint_host"),
                Json.text(n, "scope_hash"), Json.text(n, "outcome"), Json.text(n, "error_code"),
                n.hasNonNull("tokens_in") ? n.get("tokens_in").asLong() : null,
                n.hasNonNull("tokens_out") ? n.get("tokens_out").asLong() : null,
                receipt == null ? null : receipt.withTimestamp(at));
    }
}
