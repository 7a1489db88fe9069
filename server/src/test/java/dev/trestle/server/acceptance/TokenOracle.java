package dev.trestle.server.acceptance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.trestle.adapters.tokens.JTokkitTokenCounter;
import dev.trestle.domain.model.ChatRequest;

/**
 * The o200k count of what a request really carries, taken from the {@link ChatRequest} the provider transport
 * received (never from the engine's own accounting), with the framing the spec fixes ({@code algorithms.md} §6.1: 4
 * tokens per message, the system instructions included, 3 per request); and readers for a clutter payload.
 */
final class TokenOracle {
    static final JTokkitTokenCounter O200K = new JTokkitTokenCounter();

    private TokenOracle() {
    }

    static long message(String text) {
        return O200K.count(text) + 4;
    }

    static long request(ChatRequest r) {
        long n = message(r.systemText()) + 3;
        for (ChatRequest.Message m : r.messages()) {
            n += message(m.text());
        }
        return n;
    }

    static long usage(JsonObject clutter) {
        return clutter.get("usage_tokens_estimate").getAsLong();
    }

    static long breakdownSum(JsonObject clutter) {
        long sum = 0;
        for (JsonElement e : clutter.getAsJsonArray("breakdown")) {
            sum += e.getAsJsonObject().get("tokens").getAsLong();
        }
        return sum;
    }

    /** Tokens of the first breakdown item of {@code kind} (and {@code path}, for files). */
    static long item(JsonObject clutter, String kind, String path) {
        for (JsonElement e : clutter.getAsJsonArray("breakdown")) {
            JsonObject i = e.getAsJsonObject();
            if (i.get("kind").getAsString().equals(kind)
                    && (path == null || (i.has("path") && i.get("path").getAsString().equals(path)))) {
                return i.get("tokens").getAsLong();
            }
        }
        throw new AssertionError("no " + kind + " " + path + " in " + clutter);
    }
}
