package dev.trestle.adapters.fs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.ErrorInfoForm;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.model.EgressReceipt;
import dev.trestle.domain.model.SentFile;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON lines of {@code conversation.jsonl} and {@code egress_events.jsonl} ({@code storage.md} §5) as
 * Jackson-annotated records, one per line type, in the style of {@link StoredForms}; an {@code ErrorInfo} inside is
 * the shared {@link ErrorInfoForm}. The bytes are those the earlier hand-built codec wrote
 * ({@code LineFormsFixtureTest}). Times stay strings through {@link Json#time}/{@link Json#parseTime}, so any
 * RFC 3339 instant an older line holds still reads. {@code metadata}, {@code error} and {@code receipt} are read as
 * trees so that, as before, a metadata value that is not a string reads as its JSON text and an unreadable
 * {@code error} or a {@code receipt} that is not an object is dropped rather than the whole line.
 */
final class LineForms {
    private LineForms() {
    }

    private static String line(Object form) {
        try {
            return Json.MAPPER.writeValueAsString(form);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored line always serialises", e);
        }
    }

    /** {@code n} as {@code type}; {@link IllegalArgumentException} (a skipped line to the caller) when it does not fit. */
    private static <T> T form(JsonNode n, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(n, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName(), e);
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value;
    }

    // ---- conversation.jsonl

    /** {@code role} is written for readers of the raw file; it follows from {@code type} and is not read back. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"type", "message_id", "role", "text", "created_at", "model_id", "event_kind", "checkpoint_id",
        "reason", "metadata", "error"})
    record ConversationLine(String type, String messageId, String role, String text, String createdAt,
                            String modelId, String eventKind, String checkpointId, String reason, JsonNode metadata,
                            JsonNode error) {
        ConversationRecord record() {
            Map<String, String> meta = null;
            if (metadata != null && metadata.isObject()) {
                meta = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : metadata.properties()) {
                    meta.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
                }
            }
            return new ConversationRecord(ConversationRecord.Type.fromWire(required(type, "type")),
                    required(messageId, "message_id"), Optional.ofNullable(text).orElse(""),
                    Json.parseTime(required(createdAt, "created_at")), modelId, eventKind, checkpointId, reason, meta,
                    ErrorInfoForm.read(error));
        }
    }

    static String conversation(ConversationRecord r) {
        ObjectNode meta = null;
        if (r.metadata() != null) {
            meta = Json.object();
            r.metadata().forEach(meta::put);
        }
        return line(new ConversationLine(r.type().wire(), r.messageId(), r.type().role(),
                r.text() == null ? "" : r.text(), Json.time(r.createdAt()), r.modelId(), r.eventKind(),
                r.checkpointId(), r.reason(), meta, r.error() == null ? null : ErrorInfoForm.tree(r.error())));
    }

    static ConversationRecord conversation(JsonNode n) {
        return form(n, ConversationLine.class).record();
    }

    // ---- egress_events.jsonl

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"timestamp", "kind", "provider_id", "model_id", "endpoint_host", "scope_hash", "outcome",
        "error_code", "tokens_in", "tokens_out", "receipt"})
    record EgressLine(String timestamp, String kind, String providerId, String modelId, String endpointHost,
                      String scopeHash, String outcome, String errorCode, Long tokensIn, Long tokensOut,
                      JsonNode receipt) {
    }

    /** The receipt of a {@code request_sent} line; its time is the line's {@code timestamp}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"provider_id", "model_id", "endpoint_host", "scope_hash", "request_kind", "files",
        "body_sha256", "body_bytes", "http_status", "usage_input_tokens", "usage_output_tokens", "outcome", "tokens",
        "tokens_estimated"})
    record ReceiptForm(String providerId, String modelId, String endpointHost, String scopeHash, String requestKind,
                       List<SentFileForm> files, String bodySha256, long bodyBytes, Integer httpStatus,
                       @JsonProperty("usage_input_tokens") Long inputTokens,
                       @JsonProperty("usage_output_tokens") Long outputTokens, String outcome, Long tokens,
                       Boolean tokensEstimated) {
        EgressReceipt receipt(Instant at) {
            return new EgressReceipt(at, providerId, modelId, endpointHost, scopeHash, requestKind,
                    files == null ? List.of() : files.stream().map(SentFileForm::file).toList(), bodySha256,
                    bodyBytes, httpStatus, inputTokens, outputTokens, outcome, tokens, !Boolean.FALSE.equals(
                    tokensEstimated));
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"name", "sha256", "bytes", "tokens", "tokens_estimated", "truncated"})
    record SentFileForm(String name, String sha256, long bytes, Long tokens, boolean tokensEstimated,
                        boolean truncated) {
        SentFile file() {
            return new SentFile(name == null ? "" : name, sha256, bytes, tokens, tokensEstimated, truncated);
        }
    }

    static String egress(EgressEvent e) {
        EgressReceipt r = e.receipt();
        ReceiptForm receipt = r == null ? null : new ReceiptForm(r.providerId(), r.modelId(), r.endpointHost(),
                r.scopeHash(), r.requestKind(), r.files().stream().map(f -> new SentFileForm(f.name(), f.sha256(),
                        f.bytes(), f.tokens(), f.tokensEstimated(), f.truncated())).toList(), r.bodySha256(),
                r.bodyBytes(), r.httpStatus(), r.inputTokens(), r.outputTokens(), r.outcome(), r.tokens(),
                r.tokensEstimated());
        return line(new EgressLine(Json.time(e.timestamp()), e.kind(), e.providerId(), e.modelId(), e.endpointHost(),
                e.scopeHash(), e.outcome(), e.errorCode(), e.tokensIn(), e.tokensOut(),
                receipt == null ? null : Json.MAPPER.valueToTree(receipt)));
    }

    static EgressEvent egress(JsonNode n) {
        EgressLine l = form(n, EgressLine.class);
        Instant at = Json.parseTime(required(l.timestamp(), "timestamp"));
        EgressReceipt receipt = l.receipt() == null || !l.receipt().isObject() ? null
                : form(l.receipt(), ReceiptForm.class).receipt(at);
        return new EgressEvent(at, required(l.kind(), "kind"), l.providerId(), l.modelId(), l.endpointHost(),
                l.scopeHash(), l.outcome(), l.errorCode(), l.tokensIn(), l.tokensOut(), receipt);
    }
}
