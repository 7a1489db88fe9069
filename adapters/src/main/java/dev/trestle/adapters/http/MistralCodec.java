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
 * Mistral chat completions: {@code POST /v1/chat/completions} with {@code stream: true}, bearer auth. Chunks carry
 * {@code choices[].delta.content}; {@code usage} ({@code prompt_tokens}, {@code completion_tokens}) comes with the
 * last chunk; {@code data: [DONE]} ends the stream. Context overflow is the error body's machine-readable
 * {@code code = "context_length_exceeded"}.
 */
final class MistralCodec extends WireCodec {

    @Override
    List<Map.Entry<String, String>> headers(String apiKey) {
        return List.of(Map.entry("Authorization", "Bearer " + apiKey));
    }

    @Override
    ObjectNode chatBody(ChatRequest chat) {
        ObjectNode body = Json.object();
        body.put("model", chat.apiModelName());
        ArrayNode messages = body.putArray("messages");
        if (chat.systemText() != null && !chat.systemText().isEmpty()) {
            messages.addObject().put("role", "system").put("content", chat.systemText());
        }
        addMessages(messages, chat, "user", "assistant");
        body.put("stream", true);
        return body;
    }

    @Override
    boolean contextLengthExceeded(JsonNode n) {
        JsonNode code = n.has("code") ? n.get("code") : n.path("error").path("code");
        return "context_length_exceeded".equals(code.asText(null));
    }

    @Override
    StreamDecoder decoder() {
        return new StreamDecoder() {
            @Override
            void onEvent(SseParser.Event event, DeltaListener deltas) throws ProtocolException {
                if ("[DONE]".equals(event.data().trim())) {
                    done = true;
                    return;
                }
                JsonNode n = parseEvent(event.data());
                if (n.has("error") || "error".equals(n.path("object").asText())) {
                    throw new ProtocolException("stream ended with error object");
                }
                for (JsonNode choice : n.path("choices")) {
                    JsonNode content = choice.path("delta").path("content");
                    if (content.isTextual()) {
                        if (!content.asText().isEmpty()) {
                            deltas.onDelta(content.asText());
                        }
                    } else if (content.isArray()) {
                        for (JsonNode chunk : content) {
                            String d = chunk.path("text").asText("");
                            if (!d.isEmpty()) {
                                deltas.onDelta(d);
                            }
                        }
                    }
                }
                JsonNode usage = n.path("usage");
                if (usage.isObject()) {
                    inputTokens = usage.path("prompt_tokens").asLong(-1);
                    outputTokens = usage.path("completion_tokens").asLong(-1);
                }
            }
        };
    }
}
