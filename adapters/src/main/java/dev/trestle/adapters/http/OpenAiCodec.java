package dev.trestle.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.model.ProviderProblem;
import dev.trestle.domain.port.out.ModelTransportPort.DeltaListener;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * OpenAI Responses API: {@code POST /v1/responses} with {@code stream: true}, the reply cap (the output reserve) in
 * {@code max_output_tokens} (visible and reasoning tokens); text from
 * {@code response.output_text.delta}, end and usage from {@code response.completed}; {@code error} and
 * {@code response.failed} end the stream with the vendor's error code ({@link #problem}); {@code response.incomplete}
 * is a cut reply. A body that ends before {@code response.completed} is truncated.
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
        body.put("max_output_tokens", chat.maxOutputTokens());
        body.put("stream", true);
        body.put("store", false);
        return body;
    }

    /** "This model's maximum context length is M tokens. However, your messages resulted in N tokens." */
    private static final Pattern CONTEXT_NUMBERS =
            Pattern.compile("maximum context length is (\\d+) tokens\\. However, you(?:r messages)? "
                    + "(?:resulted in|requested) (\\d+) tokens");

    /**
     * The error object is {@code error} in a body, {@code error} or the event itself in an in-stream {@code error}
     * event, {@code response.error} in {@code response.failed}.
     */
    @Override
    ProviderProblem problem(JsonNode n) {
        JsonNode e = n.has("error") && n.get("error").isObject() ? n.get("error")
                : n.path("response").path("error").isObject() ? n.path("response").path("error") : n;
        String code = e.path("code").asText("");
        String type = e.path("type").asText("");
        if (code.equals("context_length_exceeded")) {
            long[] mn = numbers(CONTEXT_NUMBERS, e.path("message").asText(null));
            return mn == null ? ProviderProblem.context(null, null) : ProviderProblem.context(mn[1], mn[0]);
        }
        if (code.equals("insufficient_quota") || type.equals("insufficient_quota")
                || code.equals("billing_hard_limit_reached") || code.equals("billing_not_active")) {
            return ProviderProblem.of(ProviderProblem.Kind.QUOTA_EXCEEDED);
        }
        if (code.equals("model_not_found")) {
            return ProviderProblem.of(ProviderProblem.Kind.MODEL_NOT_FOUND);
        }
        if (code.equals("invalid_api_key")) {
            return ProviderProblem.of(ProviderProblem.Kind.AUTH_FAILED);
        }
        if (code.equals("rate_limit_exceeded")) {
            return ProviderProblem.of(ProviderProblem.Kind.RATE_LIMITED);
        }
        if (code.equals("server_error") || type.equals("server_error") || code.equals("server_is_overloaded")
                || code.equals("slow_down")) {
            return ProviderProblem.of(ProviderProblem.Kind.OVERLOADED);
        }
        return ProviderProblem.NONE;
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
                    case "error", "response.failed" -> throw new VendorStreamError(problem(n));
                    case "response.incomplete" -> throw new ProtocolException("stream ended with " + type);
                    default -> {
                        // created, in_progress, output_item.*, content_part.*, output_text.done ...
                    }
                }
            }
        };
    }
}
