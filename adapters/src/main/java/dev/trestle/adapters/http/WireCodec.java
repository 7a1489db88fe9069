package dev.trestle.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.port.out.ModelTransportPort.DeltaListener;
import dev.trestle.domain.model.ProviderProblem;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One vendor's wire format: the auth headers, the streaming chat body, the decoding of its event stream into text
 * deltas and usage, and the structured reading of its error bodies. Subclasses never log or keep the key.
 */
abstract class WireCodec {

    static WireCodec forProvider(ProviderId provider) {
        return switch (provider) {
            case OPENAI -> new OpenAiCodec();
            case ANTHROPIC -> new AnthropicCodec();
            case GOOGLE -> new GeminiCodec();
            case MISTRAL -> new MistralCodec();
        };
    }

    /** Request headers for every call of this vendor, auth included (name, value pairs). */
    abstract List<Map.Entry<String, String>> headers(String apiKey);

    /** The JSON body of a streaming chat request. */
    abstract ObjectNode chatBody(ChatRequest chat);

    /** A decoder for one response stream. */
    abstract StreamDecoder decoder();

    /**
     * What an error answer says went wrong ({@code docs/providers.md}, one table per vendor): read from the body's
     * structured fields, and where the vendor states a condition only in prose, from its documented message pattern.
     * Never null. The message text itself is never kept.
     */
    final ProviderProblem problem(int status, byte[] body) {
        JsonNode n = parse(body);
        ProviderProblem p = n == null ? ProviderProblem.NONE : problem(n);
        if (p.kind() == ProviderProblem.Kind.UNSPECIFIED && status == 413) {
            // any vendor's 413 (payload too large): the request as built did not fit
            return ProviderProblem.context(null, null);
        }
        return p;
    }

    /** What a vendor's error JSON (an error body or an in-stream error event) says; {@link ProviderProblem#NONE}. */
    abstract ProviderProblem problem(JsonNode errorBody);

    /** A retry delay the vendor states in the error body (Gemini's {@code google.rpc.RetryInfo}); null otherwise. */
    Duration bodyRetryDelay(byte[] body) {
        return null;
    }

    /** The first group-bearing match of {@code p} in {@code text} as longs, or null when it does not match. */
    static long[] numbers(Pattern p, String text) {
        if (text == null) {
            return null;
        }
        Matcher m = p.matcher(text);
        if (!m.find()) {
            return null;
        }
        long[] out = new long[m.groupCount()];
        try {
            for (int i = 0; i < out.length; i++) {
                out[i] = Long.parseLong(m.group(i + 1));
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return out;
    }

    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    static JsonNode parseEvent(String data) throws ProtocolException {
        try {
            JsonNode n = Json.MAPPER.readTree(data);
            if (n == null || !n.isObject()) {
                throw new ProtocolException("event is not a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new ProtocolException("event is not JSON");
        }
    }

    static void addMessages(com.fasterxml.jackson.databind.node.ArrayNode into, ChatRequest chat, String userRole,
                            String assistantRole) {
        for (ChatRequest.Message m : chat.messages()) {
            ObjectNode o = into.addObject();
            o.put("role", m.role() == ChatRequest.Role.USER ? userRole : assistantRole);
            o.put("content", m.text());
        }
    }

    /** A malformed or failed stream; the message is ours, never a provider's text. */
    static class ProtocolException extends Exception {
        ProtocolException(String message) {
            super(message);
        }
    }

    /** The vendor ended a 2xx stream with an error event of its own; {@code problem} is what it said. */
    static final class VendorStreamError extends ProtocolException {
        final transient ProviderProblem problem;

        VendorStreamError(ProviderProblem problem) {
            super("stream ended with the vendor's error event");
            this.problem = problem;
        }
    }

    /** Decodes one response's events. */
    abstract static class StreamDecoder {
        long inputTokens = -1;
        long outputTokens = -1;
        boolean done;

        /** Handles one event, emitting text to {@code deltas}; sets {@link #done} on the vendor's end marker. */
        abstract void onEvent(SseParser.Event event, DeltaListener deltas) throws ProtocolException;

        /**
         * Whether a clean end of the body completes the response although {@link #done} was not set: only when the
         * vendor's own end signal was seen (Gemini's {@code finishReason}, Mistral's {@code finish_reason}). A body
         * that ends before it is a truncated reply.
         */
        boolean completesAtEof() {
            return false;
        }
    }
}
