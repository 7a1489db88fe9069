package dev.trestle.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic Messages API as the simulator plays it: {@code /v1/messages}, {@code x-api-key} and
 * {@code anthropic-version}, Anthropic error bodies, the {@code message_*} event stream; {@code max_tokens} is
 * required (a chat body without it is the vendor's 400).
 */
final class AnthropicFormat extends VendorFormat {
    @Override
    boolean isValidationPath(String path) {
        return path.equals("/v1/models");
    }

    @Override
    boolean isChatPath(String path, String query) {
        return path.equals("/v1/messages");
    }

    @Override
    String authProblem(HttpExchange ex, String expectedKey) {
        String p = headerKeyProblem(ex, "x-api-key", expectedKey);
        if (p != null) {
            return p;
        }
        return ProviderSimulator.ANTHROPIC_VERSION.equals(ex.getRequestHeaders().getFirst("anthropic-version"))
                ? null : "version";
    }

    @Override
    ErrorAnswer authError(String problem) {
        if ("version".equals(problem)) {
            return new ErrorAnswer(400, body("invalid_request_error", "anthropic-version header is required"));
        }
        return new ErrorAnswer(401, body("authentication_error", "invalid x-api-key"));
    }

    private static String body(String type, String message) {
        ObjectNode n = obj().put("type", "error");
        n.putObject("error").put("type", type).put("message", message);
        n.put("request_id", "req_sim");
        return json(n);
    }

    @Override
    ErrorAnswer error(int status, Reply.ErrorKind kind) {
        if (kind == Reply.ErrorKind.CONTEXT_LENGTH) {
            return new ErrorAnswer(413, body("request_too_large", "Request exceeds the maximum size"));
        }
        return switch (status) {
            case 401 -> authError("invalid");
            case 403 -> new ErrorAnswer(403, body("permission_error", "Not allowed."));
            case 404 -> new ErrorAnswer(404, body("not_found_error", "model not found"));
            case 413 -> new ErrorAnswer(413, body("request_too_large", "Request exceeds the maximum size"));
            case 429 -> new ErrorAnswer(429, body("rate_limit_error", "Rate limited."));
            case 529 -> new ErrorAnswer(529, body("overloaded_error", "Overloaded"));
            default -> status >= 500 ? new ErrorAnswer(status, body("api_error", "Internal server error"))
                    : new ErrorAnswer(status, body("invalid_request_error", "Bad request."));
        };
    }

    @Override
    String modelList() {
        ObjectNode n = obj();
        ArrayNode data = n.putArray("data");
        for (String m : new String[] {"claude-sonnet-4-6", "claude-opus-4-6"}) {
            data.addObject().put("type", "model").put("id", m).put("display_name", m)
                    .put("created_at", "2025-01-01T00:00:00Z");
        }
        n.put("has_more", false);
        n.put("first_id", "claude-sonnet-4-6");
        n.put("last_id", "claude-opus-4-6");
        return json(n);
    }

    @Override
    List<String> stream(String id, List<String> chunks, int inputTokens) {
        List<String> out = new ArrayList<>();
        ObjectNode start = obj().put("type", "message_start");
        ObjectNode msg = start.putObject("message").put("id", id).put("type", "message").put("role", "assistant");
        msg.putArray("content");
        msg.put("model", "claude-sonnet-4-6");
        msg.putNull("stop_reason");
        msg.putNull("stop_sequence");
        msg.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", 1);
        ObjectNode blockStart = obj().put("type", "content_block_start").put("index", 0);
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        out.add(sse("message_start", start) + sse("content_block_start", blockStart)
                + sse("ping", obj().put("type", "ping")));
        for (String c : chunks) {
            ObjectNode d = obj().put("type", "content_block_delta").put("index", 0);
            d.putObject("delta").put("type", "text_delta").put("text", c);
            out.add(sse("content_block_delta", d));
        }
        out.add(sse("content_block_stop", obj().put("type", "content_block_stop").put("index", 0)));
        ObjectNode md = obj().put("type", "message_delta");
        md.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
        md.putObject("usage").put("output_tokens", outputTokens(chunks));
        out.add(sse("message_delta", md));
        out.add(sse("message_stop", obj().put("type", "message_stop")));
        return out;
    }

    @Override
    String lastUserText(byte[] body) {
        JsonNode n = read(body);
        return n == null ? null : lastText(n.path("messages"), "content");
    }

    @Override
    Long outputCap(JsonNode body) {
        return longField(body.get("max_tokens"));
    }

    /** The Messages API requires {@code max_tokens} (a positive integer). */
    @Override
    ErrorAnswer bodyProblem(JsonNode body) {
        Long cap = body == null ? null : outputCap(body);
        return cap != null && cap > 0 ? null
                : new ErrorAnswer(400, body("invalid_request_error", "max_tokens: Field required"));
    }

    @Override
    List<String> promptTexts(JsonNode body) {
        List<String> out = new ArrayList<>();
        if (body.path("system").isTextual()) {
            out.add(body.path("system").asText());
        }
        texts(body.path("messages"), "content", out);
        return out;
    }
}
