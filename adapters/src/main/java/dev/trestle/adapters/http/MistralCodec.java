package dev.trestle.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.model.ProviderProblem;
import dev.trestle.domain.port.out.ModelTransportPort.DeltaListener;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mistral chat completions: {@code POST /v1/chat/completions} with {@code stream: true}, bearer auth, the reply cap
 * (the output reserve) in {@code max_tokens}. Chunks carry
 * {@code choices[].delta.content}; {@code usage} ({@code prompt_tokens}, {@code completion_tokens}) comes with the
 * last chunk; {@code data: [DONE]} ends the stream; a body that ends after a chunk with a {@code finish_reason} but without
 * {@code [DONE]} is complete too, one that ends before either is truncated. Errors: {@link #problem}.
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
        body.put("max_tokens", chat.maxOutputTokens());
        body.put("stream", true);
        return body;
    }

    /** "Prompt contains 159202 tokens and 0 draft tokens, too large for model with 131072 maximum context length". */
    private static final Pattern TOO_LARGE = Pattern.compile(
            "Prompt contains (\\d+) tokens(?: and (\\d+) draft tokens)?, too large for model with (\\d+) maximum");

    /**
     * Mistral's body is {@code {object: "error", message, type, param, code}} (older answers: {@code code} null;
     * the gateway's own answers: only {@code message} or {@code detail}). Context overflow is code {@code "3051"} or
     * the documented "too large for model" message.
     */
    @Override
    ProviderProblem problem(JsonNode n) {
        JsonNode e = n.path("error").isObject() ? n.get("error") : n;
        String code = e.path("code").isNull() ? "" : e.path("code").asText("");
        String type = e.path("type").asText("");
        String message = e.path("message").asText("");
        Matcher m = TOO_LARGE.matcher(message);
        if (m.find()) {
            long prompt = Long.parseLong(m.group(1));
            long draft = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
            return ProviderProblem.context(prompt + draft, Long.parseLong(m.group(3)));
        }
        if (code.equals("3051") || code.equals("context_length_exceeded") || message.contains("too large for model")) {
            return ProviderProblem.context(null, null);
        }
        if (type.equals("rate_limited") || code.equals("1300")) {
            return ProviderProblem.of(ProviderProblem.Kind.RATE_LIMITED);
        }
        return ProviderProblem.NONE;
    }

    @Override
    StreamDecoder decoder() {
        return new StreamDecoder() {
            private boolean finished;

            @Override
            boolean completesAtEof() {
                return finished;
            }

            @Override
            void onEvent(SseParser.Event event, DeltaListener deltas) throws ProtocolException {
                if ("[DONE]".equals(event.data().trim())) {
                    done = true;
                    return;
                }
                JsonNode n = parseEvent(event.data());
                if (n.has("error") || "error".equals(n.path("object").asText())) {
                    throw new VendorStreamError(problem(n));
                }
                for (JsonNode choice : n.path("choices")) {
                    if (choice.hasNonNull("finish_reason")) {
                        finished = true;
                    }
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
