package dev.trestle.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.model.ProviderProblem;
import dev.trestle.domain.port.out.ModelTransportPort.DeltaListener;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gemini API: {@code POST /v1beta/models/<name>:streamGenerateContent?alt=sse}, header {@code x-goog-api-key}, the
 * reply cap (the output reserve) in {@code generationConfig.maxOutputTokens}. Each
 * event is a {@code GenerateContentResponse}: text in {@code candidates[].content.parts[].text}, usage in
 * {@code usageMetadata} ({@code promptTokenCount}, {@code candidatesTokenCount}); every complete stream's last chunk
 * carries a candidate's {@code finishReason}: the end of the body completes the reply only after it (a body cut
 * cleanly before it is truncated). An event with an {@code error} object fails the stream ({@link #problem}).
 */
final class GeminiCodec extends WireCodec {

    @Override
    List<Map.Entry<String, String>> headers(String apiKey) {
        return List.of(Map.entry("x-goog-api-key", apiKey));
    }

    @Override
    ObjectNode chatBody(ChatRequest chat) {
        ObjectNode body = Json.object();
        if (chat.systemText() != null && !chat.systemText().isEmpty()) {
            body.putObject("systemInstruction").putArray("parts").addObject().put("text", chat.systemText());
        }
        ArrayNode contents = body.putArray("contents");
        for (ChatRequest.Message m : chat.messages()) {
            ObjectNode c = contents.addObject();
            c.put("role", m.role() == ChatRequest.Role.USER ? "user" : "model");
            c.putArray("parts").addObject().put("text", m.text());
        }
        body.putObject("generationConfig").put("maxOutputTokens", chat.maxOutputTokens());
        return body;
    }

    /** "The input token count (3475108) exceeds the maximum number of tokens allowed (1048576)." */
    private static final Pattern INPUT_TOKENS =
            Pattern.compile("input token count \\((\\d+)\\) exceeds the maximum number of tokens allowed "
                    + "\\((\\d+)\\)");
    private static final Pattern DELAY = Pattern.compile("^(\\d+(?:\\.\\d+)?)s$");

    /**
     * Google's error model: {@code error.status} (a {@code google.rpc.Code} name) and typed {@code details}. A bad key
     * is 400 {@code INVALID_ARGUMENT} with {@code ErrorInfo.reason = API_KEY_INVALID}; a context overflow is 400
     * {@code INVALID_ARGUMENT} told apart only by its documented message; a per-day quota is a
     * {@code RESOURCE_EXHAUSTED} whose {@code QuotaFailure} violation names a per-day quota.
     */
    @Override
    ProviderProblem problem(JsonNode n) {
        JsonNode e = n.path("error");
        String status = e.path("status").asText("");
        String message = e.path("message").asText("");
        boolean perDay = false;
        for (JsonNode d : e.path("details")) {
            String reason = d.path("reason").asText("");
            if (reason.equals("API_KEY_INVALID") || reason.equals("API_KEY_EXPIRED")) {
                return ProviderProblem.of(ProviderProblem.Kind.AUTH_FAILED);
            }
            for (JsonNode v : d.path("violations")) {
                if (v.path("quotaId").asText("").contains("PerDay")) {
                    perDay = true;
                }
            }
        }
        long[] counts = numbers(INPUT_TOKENS, message);
        if (counts != null) {
            return ProviderProblem.context(counts[0], counts[1]);
        }
        if (status.equals("INVALID_ARGUMENT") && message.contains("exceeds the maximum number of tokens")) {
            return ProviderProblem.context(null, null);
        }
        return switch (status) {
            case "RESOURCE_EXHAUSTED" -> ProviderProblem.of(perDay ? ProviderProblem.Kind.QUOTA_EXCEEDED
                    : ProviderProblem.Kind.RATE_LIMITED);
            case "UNAUTHENTICATED", "PERMISSION_DENIED" -> ProviderProblem.of(ProviderProblem.Kind.AUTH_FAILED);
            case "NOT_FOUND" -> message.startsWith("models/")
                    ? ProviderProblem.of(ProviderProblem.Kind.MODEL_NOT_FOUND) : ProviderProblem.NONE;
            case "UNAVAILABLE", "INTERNAL" -> ProviderProblem.of(ProviderProblem.Kind.OVERLOADED);
            default -> ProviderProblem.NONE;
        };
    }

    /** {@code google.rpc.RetryInfo.retryDelay}, a protobuf Duration in JSON ("34.4s"). */
    @Override
    Duration bodyRetryDelay(byte[] body) {
        JsonNode n = parse(body);
        if (n == null) {
            return null;
        }
        for (JsonNode d : n.path("error").path("details")) {
            if (d.path("@type").asText("").endsWith("google.rpc.RetryInfo")) {
                Matcher m = DELAY.matcher(d.path("retryDelay").asText("").trim());
                if (m.matches()) {
                    return Duration.ofNanos(new BigDecimal(m.group(1)).movePointRight(9).longValue());
                }
            }
        }
        return null;
    }

    @Override
    StreamDecoder decoder() {
        return new StreamDecoder() {
            private boolean finished;

            @Override
            void onEvent(SseParser.Event event, DeltaListener deltas) throws ProtocolException {
                JsonNode n = parseEvent(event.data());
                if (n.has("error")) {
                    throw new VendorStreamError(problem(n));
                }
                for (JsonNode cand : n.path("candidates")) {
                    if (cand.hasNonNull("finishReason") && !cand.path("finishReason").asText("").isEmpty()) {
                        finished = true;
                    }
                    for (JsonNode part : cand.path("content").path("parts")) {
                        if (part.path("thought").asBoolean(false)) {
                            continue;
                        }
                        String d = part.path("text").asText("");
                        if (!d.isEmpty()) {
                            deltas.onDelta(d);
                        }
                    }
                }
                JsonNode usage = n.path("usageMetadata");
                if (usage.has("promptTokenCount")) {
                    inputTokens = usage.path("promptTokenCount").asLong(-1);
                }
                if (usage.has("candidatesTokenCount")) {
                    outputTokens = usage.path("candidatesTokenCount").asLong(-1);
                }
            }

            @Override
            boolean completesAtEof() {
                return finished;
            }
        };
    }
}
