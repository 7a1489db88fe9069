package dev.trestle.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.port.out.ModelTransportPort.DeltaListener;
import java.io.IOException;
import java.util.List;
import java.util.Map;

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
     * Whether an error body says the prompt exceeds the model's context, read from structured fields only. Any
     * vendor's HTTP 413 (payload too large) counts: the request as built did not fit.
     */
    boolean contextLengthExceeded(int status, byte[] body) {
        if (status == 413) {
            return true;
        }
        JsonNode n = parse(body);
        return n != null && contextLengthExceeded(n);
    }

    abstract boolean contextLengthExceeded(JsonNode errorBody);

    /**
     * The status the domain should see for an error answer: a vendor that reports a rejected key under another
     * status says so structurally (Gemini: 400 with reason {@code API_KEY_INVALID}).
     */
    int effectiveStatus(int status, byte[] body) {
        return status;
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
    static final class ProtocolException extends Exception {
        ProtocolException(String message) {
            super(message);
        }
    }

    /** Decodes one response's events. */
    abstract static class StreamDecoder {
        long inputTokens = -1;
        long outputTokens = -1;
        boolean done;

        /** Handles one event, emitting text to {@code deltas}; sets {@link #done} on the vendor's end marker. */
        abstract void onEvent(SseParser.Event event, DeltaListener deltas) throws ProtocolException;

        /** Whether a clean end of the body without an end marker completes the response (Gemini). */
        boolean completesAtEof() {
            return false;
        }
    }
}
