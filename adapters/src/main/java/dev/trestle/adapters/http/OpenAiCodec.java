package dev.trestle.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.port.out.ModelTransportPort.DeltaListener;
import java.util.List;
import java.util.Map;

/**
 * OpenAI Responses API: {@code POST /v1/responses} with {@code stream: true}; text from
 * {@code response.output_text.delta}, end and usage from {@code response.completed}; {@code error},
 * {@code response.failed} and {@code response.incomplete} end the stream as failures. Context overflow is
 * {@code error.code = "context_length_exceeded"}.
 */
final class OpenAiCodec extends WireCodec {

    @Override
    List<Map.Entry<String, String>> headers(String apiKey) {
        return List.of(Map.entry("Authorization", "Bearer " + apiKey));
    }

    @Override
    ObjectNode chatBody(ChatRequest chat) {
        ObjectNode body = Json.object();
        body.put("model", chat.apiModelName());
        if (chat.systemText() != null && !chat.systemText().isEmpty()) {
            body.put("instructions", chat.systemText());
        }
        addMessages(body.putArray("input"), chat, "user", "assistant");
        body.put("stream", true);
        body.put("store", false);
        return body;
    }

    @Override
    boolean contextLengthExceeded(JsonNode n) {
        return "context_length_exceeded".equals(n.path("error").path("code").asText(null));
    }

    @Override
    StreamDecoder decoder() {
        return new StreamDecoder() {
            @Override
            void onEvent(SseParser.Event event, DeltaListener deltas) throws ProtocolException {
                if ("[DONE]".equals(event.data())) {
                    return;
                }
                JsonNode n = parseEvent(event.data());
                String type = n.path("type").asText(event.event());
                switch (type) {
                    case "response.output_text.delta" -> {
                        String d = n.path("delta").asText("");
                        if (!d.isEmpty()) {
                            deltas.onDelta(d);
                        }
                    }
                    case "response.completed" -> {
                        JsonNode usage = n.path("response").path("usage");
                        inputTokens = usage.path("input_tokens").asLong(-1);
                        outputTokens = usage.path("output_tokens").asLong(-1);
                        done = true;
                    }
                    case "error", "response.failed", "response.incomplete" ->
                            throw new ProtocolException("stream ended with " + type);
                    default -> {
                        // created, in_progress, output_item.*, content_part.*, output_text.done ...
                    }
                }
            }
        };
    }
}
