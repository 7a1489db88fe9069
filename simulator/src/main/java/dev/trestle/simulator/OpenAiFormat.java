package dev.trestle.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI Responses API as the simulator plays it: {@code /v1/responses}, bearer auth, OpenAI error bodies, the
 * {@code response.*} event stream; the reply cap is {@code max_output_tokens}.
 */
final class OpenAiFormat extends VendorFormat {
    @Override
    boolean isValidationPath(String path) {
        return path.equals("/v1/models");
    }

    @Override
    boolean isChatPath(String path, String query) {
        return path.equals("/v1/responses");
    }

    @Override
    String authProblem(HttpExchange ex, String expectedKey) {
        return bearerProblem(ex, expectedKey);
    }

    @Override
    ErrorAnswer authError(String problem) {
        return new ErrorAnswer(401, body("missing".equals(problem) ? "You didn't provide an API key."
                : "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));
    }

    private static String body(String message, String type, String code) {
        ObjectNode n = obj();
        ObjectNode e = n.putObject("error");
        e.put("message", message);
        e.put("type", type);
        e.putNull("param");
        if (code == null) {
            e.putNull("code");
        } else {
            e.put("code", code);
        }
        return json(n);
    }

    @Override
    ErrorAnswer error(int status, Reply.ErrorKind kind) {
        if (kind == Reply.ErrorKind.CONTEXT_LENGTH) {
            return new ErrorAnswer(400, body("Your input exceeds the context window of this model.",
                    "invalid_request_error", "context_length_exceeded"));
        }
        return switch (status) {
            case 401 -> authError("invalid");
            case 403 -> new ErrorAnswer(403, body("Forbidden.", "invalid_request_error", "unsupported_country"));
            case 404 -> new ErrorAnswer(404, body("The model does not exist.", "invalid_request_error",
                    "model_not_found"));
            case 429 -> new ErrorAnswer(429, body("Rate limit reached.", "requests", "rate_limit_exceeded"));
            default -> status >= 500 ? new ErrorAnswer(status, body("The server had an error.", "server_error",
                    null)) : new ErrorAnswer(status, body("Bad request.", "invalid_request_error", null));
        };
    }

    @Override
    String modelList() {
        ObjectNode n = obj();
        n.put("object", "list");
        ArrayNode data = n.putArray("data");
        data.addObject().put("id", "gpt-5.2").put("object", "model").put("created", 1700000000)
                .put("owned_by", "system");
        return json(n);
    }

    @Override
    List<String> stream(String id, List<String> chunks, int inputTokens) {
        List<String> out = new ArrayList<>();
        int seq = 0;
        ObjectNode created = obj().put("type", "response.created").put("sequence_number", seq++);
        created.putObject("response").put("id", id).put("object", "response").put("status", "in_progress");
        out.add(sse("response.created", created));
        for (String c : chunks) {
            out.add(sse("response.output_text.delta", obj().put("type", "response.output_text.delta")
                    .put("sequence_number", seq++).put("item_id", "msg_" + id).put("output_index", 0)
                    .put("content_index", 0).put("delta", c)));
        }
        out.add(sse("response.output_text.done", obj().put("type", "response.output_text.done")
                .put("sequence_number", seq++).put("item_id", "msg_" + id).put("output_index", 0)
                .put("content_index", 0).put("text", String.join("", chunks))));
        ObjectNode done = obj().put("type", "response.completed").put("sequence_number", seq);
        ObjectNode resp = done.putObject("response").put("id", id).put("object", "response")
                .put("status", "completed");
        int outTokens = outputTokens(chunks);
        resp.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", outTokens)
                .put("total_tokens", inputTokens + outTokens);
        out.add(sse("response.completed", done));
        return out;
    }

    @Override
    String lastUserText(byte[] body) {
        JsonNode n = read(body);
        return n == null ? null : lastText(n.path("input"), "content");
    }

    @Override
    Long outputCap(JsonNode body) {
        return longField(body.get("max_output_tokens"));
    }

    @Override
    List<String> promptTexts(JsonNode body) {
        List<String> out = new ArrayList<>();
        if (body.path("instructions").isTextual()) {
            out.add(body.path("instructions").asText());
        }
        texts(body.path("input"), "content", out);
        return out;
    }
}
