package dev.trestle.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.util.ArrayList;
import java.util.List;

/**
 * Mistral chat completions as the simulator plays them: {@code /v1/chat/completions}, bearer auth, Mistral error
 * bodies, {@code chat.completion.chunk} events; the reply cap is {@code max_tokens}.
 */
final class MistralFormat extends VendorFormat {
    @Override
    int endEvents() {
        return 2;
    }

    @Override
    boolean isValidationPath(String path) {
        return path.equals("/v1/models");
    }

    @Override
    boolean isChatPath(String path, String query) {
        return path.equals("/v1/chat/completions");
    }

    @Override
    String authProblem(HttpExchange ex, String expectedKey) {
        return bearerProblem(ex, expectedKey);
    }

    @Override
    ErrorAnswer authError(String problem) {
        return new ErrorAnswer(401, body("Unauthorized", "authentication_error", null));
    }

    private static String body(String message, String type, String code) {
        ObjectNode n = obj().put("object", "error").put("message", message).put("type", type);
        n.putNull("param");
        if (code == null) {
            n.putNull("code");
        } else {
            n.put("code", code);
        }
        return json(n);
    }

    @Override
    ErrorAnswer error(int status, Reply.ErrorKind kind) {
        if (kind == Reply.ErrorKind.CONTEXT_LENGTH) {
            return new ErrorAnswer(400, body("Prompt contains 140000 tokens and 0 draft tokens, too large for model"
                    + " with 131072 maximum context length", "invalid_request_invalid_args", "3051"));
        }
        return switch (status) {
            case 401 -> authError("invalid");
            case 429 -> new ErrorAnswer(429, body("Requests rate limit exceeded", "rate_limit_error", null));
            default -> new ErrorAnswer(status, body(status >= 500 ? "Internal server error" : "Bad request",
                    status >= 500 ? "server_error" : "invalid_request_error", null));
        };
    }

    @Override
    String modelList() {
        ObjectNode n = obj().put("object", "list");
        n.putArray("data").addObject().put("id", "mistral-large-latest").put("object", "model")
                .put("owned_by", "mistralai");
        return json(n);
    }

    @Override
    List<String> stream(String id, List<String> chunks, int inputTokens) {
        List<String> out = new ArrayList<>();
        ObjectNode first = chunk(id);
        first.withArray("choices").addObject().put("index", 0).putObject("delta").put("role", "assistant")
                .put("content", "");
        out.add("data: " + json(first) + "\n\n");
        for (String c : chunks) {
            ObjectNode n = chunk(id);
            ObjectNode choice = n.withArray("choices").addObject().put("index", 0);
            choice.putObject("delta").put("content", c);
            choice.putNull("finish_reason");
            out.add("data: " + json(n) + "\n\n");
        }
        ObjectNode last = chunk(id);
        ObjectNode choice = last.withArray("choices").addObject().put("index", 0);
        choice.putObject("delta").put("content", "");
        choice.put("finish_reason", "stop");
        int outTokens = outputTokens(chunks);
        last.putObject("usage").put("prompt_tokens", inputTokens).put("completion_tokens", outTokens)
                .put("total_tokens", inputTokens + outTokens);
        out.add("data: " + json(last) + "\n\n");
        out.add("data: [DONE]\n\n");
        return out;
    }

    private static ObjectNode chunk(String id) {
        return obj().put("id", id).put("object", "chat.completion.chunk").put("created", 1700000000)
                .put("model", "mistral-large-latest");
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

    @Override
    List<String> promptTexts(JsonNode body) {
        List<String> out = new ArrayList<>();
        texts(body.path("messages"), "content", out);
        return out;
    }
}
