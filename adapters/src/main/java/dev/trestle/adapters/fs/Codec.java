package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reading a stored JSON file, and the hand-built conversation and egress lines (they share {@code ErrorInfo}'s and
 * the egress receipt's forms with other files through {@code adapters.support.Json}). The single-object forms are
 * Jackson-annotated records in {@link StoredForms}; {@code files.json} and the checkpoint manifests have their own
 * chunked encoding.
 */
final class Codec {
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
