package dev.trestle.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.port.out.ModelTransportPort.DeltaListener;
import java.util.List;
import java.util.Map;

/**
 * Gemini API: {@code POST /v1beta/models/<name>:streamGenerateContent?alt=sse}, header {@code x-goog-api-key}. Each
 * event is a {@code GenerateContentResponse}: text in {@code candidates[].content.parts[].text}, usage in
 * {@code usageMetadata} ({@code promptTokenCount}, {@code candidatesTokenCount}); there is no end marker, the end of
 * the body completes it. An event with an {@code error} object fails the stream. Gemini reports context overflow as
 * a plain {@code INVALID_ARGUMENT}, which carries no structured reason, so only HTTP 413 counts.
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
        return body;
    }

    @Override
    boolean contextLengthExceeded(JsonNode n) {
        return false;
    }

    /** Gemini rejects a bad key with 400 {@code INVALID_ARGUMENT} whose {@code ErrorInfo} reason is API_KEY_INVALID. */
    @Override
    int effectiveStatus(int status, byte[] body) {
        if (status != 400) {
            return status;
        }
        JsonNode n = parse(body);
        if (n == null) {
            return status;
        }
        for (JsonNode d : n.path("error").path("details")) {
            if ("API_KEY_INVALID".equals(d.path("reason").asText(null))) {
                return 401;
            }
        }
        return status;
    }

    @Override
    StreamDecoder decoder() {
        return new StreamDecoder() {
            private boolean sawChunk;

            @Override
            void onEvent(SseParser.Event event, DeltaListener deltas) throws ProtocolException {
                JsonNode n = parseEvent(event.data());
                if (n.has("error")) {
                    throw new ProtocolException("stream ended with error object");
                }
                sawChunk = true;
                for (JsonNode cand : n.path("candidates")) {
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
                return sawChunk;
            }
        };
    }
}
