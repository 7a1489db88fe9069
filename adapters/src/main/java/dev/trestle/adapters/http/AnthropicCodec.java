package dev.trestle.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.port.out.ModelTransportPort.DeltaListener;
import java.util.List;
import java.util.Map;

/**
 * Anthropic Messages API: {@code POST /v1/messages} with {@code stream: true}, headers {@code x-api-key} and
 * {@code anthropic-version: 2023-06-01}. Input tokens from {@code message_start}, text from
 * {@code content_block_delta}/{@code text_delta}, output tokens from {@code message_delta}, end at
 * {@code message_stop}; an {@code error} event fails the stream. Anthropic has no structured context-length code:
 * only its {@code request_too_large} type (HTTP 413) counts.
 */
final class AnthropicCodec extends WireCodec {
    static final String VERSION = "2023-06-01";
    static final int MAX_TOKENS = 8192;

    @Override
    List<Map.Entry<String, String>> headers(String apiKey) {
        return List.of(Map.entry("x-api-key", apiKey), Map.entry("anthropic-version", VERSION));
    }

    @Override
    ObjectNode chatBody(ChatRequest chat) {
        ObjectNode body = Json.object();
        body.put("model", chat.apiModelName());
        body.put("max_tokens", MAX_TOKENS);
        if (chat.systemText() != null && !chat.systemText().isEmpty()) {
            body.put("system", chat.systemText());
        }
        addMessages(body.putArray("messages"), chat, "user", "assistant");
        body.put("stream", true);
        return body;
    }

    @Override
    boolean contextLengthExceeded(JsonNode n) {
        return "request_too_large".equals(n.path("error").path("type").asText(null));
    }

    @Override
    StreamDecoder decoder() {
        return new StreamDecoder() {
            @Override
            void onEvent(SseParser.Event event, DeltaListener deltas) throws ProtocolException {
                JsonNode n = parseEvent(event.data());
                String type = n.path("type").asText(event.event());
                switch (type) {
                    case "message_start" -> {
                        JsonNode usage = n.path("message").path("usage");
                        inputTokens = usage.path("input_tokens").asLong(-1);
                        if (usage.has("output_tokens")) {
                            outputTokens = usage.path("output_tokens").asLong(-1);
                        }
                    }
                    case "content_block_delta" -> {
                        JsonNode delta = n.path("delta");
                        if ("text_delta".equals(delta.path("type").asText())) {
                            String d = delta.path("text").asText("");
                            if (!d.isEmpty()) {
                                deltas.onDelta(d);
                            }
                        }
                    }
                    case "message_delta" -> {
                        JsonNode usage = n.path("usage");
                        if (usage.has("output_tokens")) {
                            outputTokens = usage.path("output_tokens").asLong(-1);
                        }
                        if (usage.has("input_tokens")) {
                            inputTokens = usage.path("input_tokens").asLong(-1);
                        }
                    }
                    case "message_stop" -> done = true;
                    case "error" -> throw new ProtocolException("stream ended with error event");
                    default -> {
                        // ping, content_block_start, content_block_stop
                    }
                }
            }
        };
    }
}
