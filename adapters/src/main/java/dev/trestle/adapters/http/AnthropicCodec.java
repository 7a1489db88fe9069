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
 * Anthropic Messages API: {@code POST /v1/messages} with {@code stream: true}, headers {@code x-api-key} and
 * {@code anthropic-version: 2023-06-01}; the reply cap (the output reserve) is the required {@code max_tokens}. Input tokens from {@code message_start}, text from
 * {@code content_block_delta}/{@code text_delta}, output tokens from {@code message_delta}, end at
 * {@code message_stop}; an {@code error} event fails the stream with the vendor's error ({@link #problem}). A body
 * that ends before {@code message_stop} is truncated.
 */
final class AnthropicCodec extends WireCodec {
    static final String VERSION = "2023-06-01";

    @Override
    List<Map.Entry<String, String>> headers(String apiKey) {
        return List.of(Map.entry("x-api-key", apiKey), Map.entry("anthropic-version", VERSION));
    }

    @Override
    ObjectNode chatBody(ChatRequest chat) {
        ObjectNode body = Json.object();
        body.put("model", chat.apiModelName());
        body.put("max_tokens", chat.maxOutputTokens());
        if (chat.systemText() != null && !chat.systemText().isEmpty()) {
            body.put("system", chat.systemText());
        }
        addMessages(body.putArray("messages"), chat, "user", "assistant");
        body.put("stream", true);
        return body;
    }

    /** "prompt is too long: 208310 tokens &gt; 200000 maximum". */
    private static final Pattern PROMPT_TOO_LONG =
            Pattern.compile("prompt is too long: (\\d+) tokens > (\\d+) maximum");
    /** "input length and `max_tokens` exceed context limit: 189136 + 20000 &gt; 204648". */
    private static final Pattern INPUT_PLUS_MAX =
            Pattern.compile("input length and `max_tokens` exceed context limit: (\\d+) \\+ (\\d+) > (\\d+)");

    /**
     * Anthropic's error types are structured; overflow and spend limits are told apart from other
     * {@code invalid_request_error}/{@code rate_limit_error} answers only by their documented messages (and
     * {@code details.error_code} where present).
     */
    @Override
    ProviderProblem problem(JsonNode n) {
        JsonNode e = n.path("error");
        String type = e.path("type").asText("");
        String message = e.path("message").asText("");
        String detailCode = e.path("details").path("error_code").asText("");
        long[] tooLong = numbers(PROMPT_TOO_LONG, message);
        if (tooLong != null) {
            return ProviderProblem.context(tooLong[0], tooLong[1]);
        }
        long[] plusMax = numbers(INPUT_PLUS_MAX, message);
        if (plusMax != null) {
            return ProviderProblem.context(plusMax[0] + plusMax[1], plusMax[2]);
        }
        if (type.equals("request_too_large") || message.startsWith("prompt is too long")) {
            return ProviderProblem.context(null, null);
        }
        if (type.equals("billing_error") || detailCode.equals("enforced_spend_limit_reached")
                || message.startsWith("Your credit balance is too low")
                || message.startsWith("You have reached your specified")
                || message.startsWith("Extra usage is required")) {
            return ProviderProblem.of(ProviderProblem.Kind.QUOTA_EXCEEDED);
        }
        return switch (type) {
            case "authentication_error", "permission_error" -> ProviderProblem.of(ProviderProblem.Kind.AUTH_FAILED);
            case "not_found_error" -> message.startsWith("model:")
                    ? ProviderProblem.of(ProviderProblem.Kind.MODEL_NOT_FOUND) : ProviderProblem.NONE;
            case "rate_limit_error" -> ProviderProblem.of(ProviderProblem.Kind.RATE_LIMITED);
            case "overloaded_error", "api_error" -> ProviderProblem.of(ProviderProblem.Kind.OVERLOADED);
            default -> ProviderProblem.NONE;
        };
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
                    case "error" -> throw new VendorStreamError(problem(n));
                    default -> {
                        // ping, content_block_start, content_block_stop
                    }
                }
            }
        };
    }
}
