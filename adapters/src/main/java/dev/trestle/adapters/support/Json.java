package dev.trestle.adapters.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.domain.model.EgressReceipt;
import dev.trestle.domain.model.ErrorAction;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.SentFile;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The one Jackson setup of the adapters, plus the JSON forms shared by several files ({@code ErrorInfo}, times). */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final DateTimeFormatter RFC3339_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Json() {
    }

    /** RFC 3339 UTC with milliseconds ({@code rpc.md} §1). */
    public static String time(Instant instant) {
        return instant == null ? null : RFC3339_MILLIS.format(instant);
    }

    public static Instant parseTime(String text) {
        return text == null ? null : Instant.parse(text);
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON tree serialisation cannot fail", e);
        }
    }

    /** One line, for JSONL. */
    public static String line(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON tree serialisation cannot fail", e);
        }
    }

    public static ObjectNode errorInfo(ErrorInfo e) {
        ObjectNode n = object();
        n.put("error_code", e.errorCode().name());
        n.put("phase", e.phase().wire());
        n.put("retryable", e.retryable());
        ArrayNode actions = n.putArray("actions");
        e.actions().forEach(a -> actions.add(a.wire()));
        putIf(n, "subphase", e.subphase());
        putIf(n, "provider_id", e.providerId());
        putIf(n, "model_id", e.modelId());
        putIf(n, "workbench_id", e.workbenchId());
        putIf(n, "endpoint_host", e.endpointHost());
        putIf(n, "scope_hash", e.scopeHash());
        if (e.retryAfterSeconds() != null) {
            n.put("retry_after_seconds", e.retryAfterSeconds());
        }
        putIf(n, "detail", e.detail());
        putIf(n, "detail_ref", e.detailRef());
        if (e.tokensRequested() != null) {
            n.put("tokens_requested", e.tokensRequested());
        }
        if (e.tokensLimit() != null) {
            n.put("tokens_limit", e.tokensLimit());
        }
        return n;
    }

    /** Reads an {@code ErrorInfo}; unknown codes, phases or actions make it unreadable (null). */
    public static ErrorInfo readErrorInfo(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        try {
            List<ErrorAction> actions = new ArrayList<>();
            for (JsonNode a : n.path("actions")) {
                actions.add(ErrorAction.valueOf(a.asText().toUpperCase(Locale.ROOT)));
            }
            return new ErrorInfo(ErrorCode.valueOf(n.path("error_code").asText()),
                    Phase.valueOf(n.path("phase").asText().toUpperCase(Locale.ROOT)), n.path("retryable").asBoolean(),
                    actions, text(n, "subphase"), text(n, "provider_id"), text(n, "model_id"), text(n, "workbench_id"),
                    text(n, "endpoint_host"), text(n, "scope_hash"),
                    n.hasNonNull("retry_after_seconds") ? n.get("retry_after_seconds").asLong() : null,
                    text(n, "detail"), text(n, "detail_ref"),
                    n.hasNonNull("tokens_requested") ? n.get("tokens_requested").asLong() : null,
                    n.hasNonNull("tokens_limit") ? n.get("tokens_limit").asLong() : null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The receipt object of a {@code request_sent} egress event; never content, never a key. */
    public static ObjectNode egressReceipt(EgressReceipt r) {
        ObjectNode n = object();
        putIf(n, "provider_id", r.providerId());
        putIf(n, "model_id", r.modelId());
        putIf(n, "endpoint_host", r.endpointHost());
        putIf(n, "scope_hash", r.scopeHash());
        putIf(n, "request_kind", r.requestKind());
        ArrayNode files = n.putArray("files");
        for (SentFile f : r.files()) {
            ObjectNode o = files.addObject();
            o.put("name", f.name());
            putIf(o, "sha256", f.sha256());
            o.put("bytes", f.bytes());
            if (f.tokens() != null) {
                o.put("tokens", f.tokens());
            }
            o.put("tokens_estimated", f.tokensEstimated());
            o.put("truncated", f.truncated());
        }
        putIf(n, "body_sha256", r.bodySha256());
        n.put("body_bytes", r.bodyBytes());
        if (r.httpStatus() != null) {
            n.put("http_status", r.httpStatus());
        }
        if (r.inputTokens() != null) {
            n.put("usage_input_tokens", r.inputTokens());
        }
        if (r.outputTokens() != null) {
            n.put("usage_output_tokens", r.outputTokens());
        }
        putIf(n, "outcome", r.outcome());
        if (r.tokens() != null) {
            n.put("tokens", r.tokens());
        }
        n.put("tokens_estimated", r.tokensEstimated());
        return n;
    }

    /** Reads {@link #egressReceipt}; null when absent or not an object. */
    public static EgressReceipt readEgressReceipt(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        List<SentFile> files = new ArrayList<>();
        for (JsonNode f : n.path("files")) {
            files.add(new SentFile(f.path("name").asText(), text(f, "sha256"), f.path("bytes").asLong(),
                    f.hasNonNull("tokens") ? f.get("tokens").asLong() : null, f.path("tokens_estimated").asBoolean(),
                    f.path("truncated").asBoolean()));
        }
        return new EgressReceipt(null, text(n, "provider_id"), text(n, "model_id"), text(n, "endpoint_host"),
                text(n, "scope_hash"), text(n, "request_kind"), files, text(n, "body_sha256"),
                n.path("body_bytes").asLong(), n.hasNonNull("http_status") ? n.get("http_status").asInt() : null,
                n.hasNonNull("usage_input_tokens") ? n.get("usage_input_tokens").asLong() : null,
                n.hasNonNull("usage_output_tokens") ? n.get("usage_output_tokens").asLong() : null,
                text(n, "outcome"), n.hasNonNull("tokens") ? n.get("tokens").asLong() : null,
                n.path("tokens_estimated").asBoolean(true));
    }

    public static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    public static void putIf(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }
}
