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
            case OPENAI -> new OpenAi();
            case ANTHROPIC -> new Anthropic();
            case GOOGLE -> new Google();
            case MISTRAL -> new Mistral();
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

    // ---------------------------------------------------------------------------------------------------------

    static final class OpenAi extends VendorFormat {
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
        List<String> promptTexts(JsonNode body) {
            List<String> out = new ArrayList<>();
            if (body.path("instructions").isTextual()) {
                out.add(body.path("instructions").asText());
            }
            texts(body.path("input"), "content", out);
            return out;
        }
    }

    static final class Anthropic extends VendorFormat {
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
        List<String> promptTexts(JsonNode body) {
            List<String> out = new ArrayList<>();
            if (body.path("system").isTextual()) {
                out.add(body.path("system").asText());
            }
            texts(body.path("messages"), "content", out);
            return out;
        }
    }

    static final class Google extends VendorFormat {
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

    static final class Mistral extends VendorFormat {
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
        List<String> promptTexts(JsonNode body) {
            List<String> out = new ArrayList<>();
            texts(body.path("messages"), "content", out);
            return out;
        }
    }
}
