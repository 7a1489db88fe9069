package dev.trestle.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemini API as the simulator plays it: {@code /v1beta/models/...:streamGenerateContent}, {@code x-goog-api-key},
 * Google error bodies, {@code GenerateContentResponse} chunks; the reply cap is
 * {@code generationConfig.maxOutputTokens}.
 */
final class GoogleFormat extends VendorFormat {
    @Override
    boolean isValidationPath(String path) {
        return path.equals("/v1beta/models");
    }

    @Override
    boolean isChatPath(String path, String query) {
        return path.startsWith("/v1beta/models/") && path.endsWith(":streamGenerateContent")
                && "alt=sse".equals(query);
    }

    @Override
    String authProblem(HttpExchange ex, String expectedKey) {
        return headerKeyProblem(ex, "x-goog-api-key", expectedKey);
    }

    @Override
    ErrorAnswer authError(String problem) {
        if ("missing".equals(problem)) {
            return new ErrorAnswer(403, body(403, "Method doesn't allow unregistered callers.",
                    "PERMISSION_DENIED", null));
        }
        return new ErrorAnswer(400, body(400, "API key not valid. Please pass a valid API key.",
                "INVALID_ARGUMENT", "API_KEY_INVALID"));
    }

    private static String body(int code, String message, String status, String reason) {
        ObjectNode n = obj();
        ObjectNode e = n.putObject("error").put("code", code).put("message", message).put("status", status);
        if (reason != null) {
            e.putArray("details").addObject().put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                    .put("reason", reason).put("domain", "googleapis.com");
        }
        return json(n);
    }

    @Override
    ErrorAnswer error(int status, Reply.ErrorKind kind) {
        if (kind == Reply.ErrorKind.CONTEXT_LENGTH) {
            return new ErrorAnswer(400, body(400, "The input token count (1200000) exceeds the maximum number of"
                    + " tokens allowed (1048576).", "INVALID_ARGUMENT", null));
        }
        return switch (status) {
            case 401 -> new ErrorAnswer(401, body(401, "Request had invalid authentication credentials.",
                    "UNAUTHENTICATED", null));
            case 403 -> new ErrorAnswer(403, body(403, "Permission denied.", "PERMISSION_DENIED", null));
            case 404 -> new ErrorAnswer(404, body(404, "Model not found.", "NOT_FOUND", null));
            case 429 -> new ErrorAnswer(429, body(429, "Resource has been exhausted.", "RESOURCE_EXHAUSTED",
                    null));
            case 500 -> new ErrorAnswer(500, body(500, "Internal error.", "INTERNAL", null));
            case 503 -> new ErrorAnswer(503, body(503, "The model is overloaded.", "UNAVAILABLE", null));
            case 504 -> new ErrorAnswer(504, body(504, "Deadline exceeded.", "DEADLINE_EXCEEDED", null));
            default -> new ErrorAnswer(status, body(status, "Error.", status >= 500 ? "INTERNAL"
                    : "INVALID_ARGUMENT", null));
        };
    }

    @Override
    String modelList() {
        ObjectNode n = obj();
        n.putArray("models").addObject().put("name", "models/gemini-3-pro-preview").put("displayName", "Gemini 3 Pro Preview")
                .put("inputTokenLimit", 1000000);
        return json(n);
    }

    @Override
    List<String> stream(String id, List<String> chunks, int inputTokens) {
        List<String> out = new ArrayList<>();
        out.add("");
        int outTokens = 0;
        for (int i = 0; i < chunks.size(); i++) {
            boolean last = i == chunks.size() - 1;
            outTokens += Math.max(1, chunks.get(i).length() / 4);
            ObjectNode n = obj();
            ObjectNode cand = n.putArray("candidates").addObject();
            ObjectNode content = cand.putObject("content");
            content.putArray("parts").addObject().put("text", chunks.get(i));
            content.put("role", "model");
            cand.put("index", 0);
            if (last) {
                cand.put("finishReason", "STOP");
            }
            n.putObject("usageMetadata").put("promptTokenCount", inputTokens)
                    .put("candidatesTokenCount", outTokens).put("totalTokenCount", inputTokens + outTokens);
            n.put("modelVersion", "gemini-3-pro-preview");
            n.put("responseId", id);
            out.add("data: " + json(n) + "\r\n\r\n");
        }
        return out;
    }

    @Override
    String lastUserText(byte[] body) {
        JsonNode n = read(body);
        if (n == null || !n.path("contents").isArray() || n.path("contents").isEmpty()) {
            return null;
        }
        JsonNode last = n.path("contents").get(n.path("contents").size() - 1);
        return last.path("parts").path(0).path("text").asText(null);
    }

    @Override
    Long outputCap(JsonNode body) {
        return longField(body.path("generationConfig").get("maxOutputTokens"));
    }

    @Override
    List<String> promptTexts(JsonNode body) {
        List<String> out = new ArrayList<>();
        JsonNode system = body.path("systemInstruction").path("parts");
        if (system.isArray() && !system.isEmpty()) {
            StringBuilder b = new StringBuilder();
            system.forEach(p -> b.append(p.path("text").asText("")));
            out.add(b.toString());
        }
        for (JsonNode c : body.path("contents")) {
            StringBuilder b = new StringBuilder();
            c.path("parts").forEach(p -> b.append(p.path("text").asText("")));
            out.add(b.toString());
        }
        return out;
    }
}
