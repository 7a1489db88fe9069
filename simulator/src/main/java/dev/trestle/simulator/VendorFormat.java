package dev.trestle.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Each vendor's paths, auth check, error bodies, model list and event-stream rendering, as their APIs send them. */
abstract class VendorFormat {
    record ErrorAnswer(int status, String body) {
    }

    static VendorFormat of(ProviderSimulator.Vendor v) {
        return switch (v) {
            case OPENAI -> new OpenAiFormat();
            case ANTHROPIC -> new AnthropicFormat();
            case GOOGLE -> new GoogleFormat();
            case MISTRAL -> new MistralFormat();
        };
    }

    abstract boolean isValidationPath(String path);

    abstract boolean isChatPath(String path, String query);

    /** Null when the request carries acceptable credentials, else "missing" or "invalid". */
    abstract String authProblem(HttpExchange ex, String expectedKey);

    abstract ErrorAnswer authError(String problem);

    abstract ErrorAnswer error(int status, Reply.ErrorKind kind);

    abstract String modelList();

    /** Event texts: [preamble, one per chunk…, closing events…]. */
    abstract List<String> stream(String id, List<String> chunks, int inputTokens);

    /** How many trailing elements of {@link #stream} carry the vendor's end signal. */
    int endEvents() {
        return 1;
    }

    abstract String lastUserText(byte[] body);

    /** The reply cap a chat body asks for in this vendor's field, null when it sends none. */
    abstract Long outputCap(JsonNode body);

    /** A chat body (null when not JSON) the vendor refuses before generating; null when acceptable. */
    ErrorAnswer bodyProblem(JsonNode body) {
        return null;
    }

    static Long longField(JsonNode n) {
        return n != null && n.isIntegralNumber() ? n.asLong() : null;
    }

    /** The texts a chat body sends to the model, one per message, the system instructions first (empty if none). */
    abstract List<String> promptTexts(JsonNode body);

    static void texts(JsonNode arr, String field, List<String> into) {
        for (JsonNode m : arr) {
            if (m.path(field).isTextual()) {
                into.add(m.path(field).asText());
            }
        }
    }

    static ObjectNode obj() {
        return ProviderSimulator.JSON.createObjectNode();
    }

    static String json(JsonNode n) {
        try {
            return ProviderSimulator.JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(byte[] body) {
        try {
            return ProviderSimulator.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    static String bearerProblem(HttpExchange ex, String expected) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || auth.substring(7).isBlank()) {
            return "missing";
        }
        return expected != null && !expected.equals(auth.substring(7)) ? "invalid" : null;
    }

    static String headerKeyProblem(HttpExchange ex, String header, String expected) {
        String key = ex.getRequestHeaders().getFirst(header);
        if (key == null || key.isBlank()) {
            return "missing";
        }
        return expected != null && !expected.equals(key) ? "invalid" : null;
    }

    static int outputTokens(List<String> chunks) {
        int chars = 0;
        for (String c : chunks) {
            chars += c.length();
        }
        return Math.max(1, chars / 4);
    }

    static String sse(String event, JsonNode data) {
        return (event == null ? "" : "event: " + event + "\n") + "data: " + json(data) + "\n\n";
    }

    static String lastText(JsonNode arr, String field) {
        if (arr == null || !arr.isArray() || arr.isEmpty()) {
            return null;
        }
        JsonNode last = arr.get(arr.size() - 1);
        return last.path(field).isTextual() ? last.path(field).asText() : null;
    }
}
