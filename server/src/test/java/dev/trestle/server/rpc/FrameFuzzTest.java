package dev.trestle.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 100 000 generated frames (fixed seed) against the real launcher and server over in-process pipes: every frame with
 * a readable id (a JSON string or number) that is not a response (no {@code method} but a {@code result} or
 * {@code error}: JSON-RPC never answers those) is answered with that id; no answer carries a Java exception text; the engine is still serving at the end.
 * A frame that is not answered within {@link Harness#TIMEOUT_S} fails the test (a hang).
 */
class FrameFuzzTest {
    private static final int FRAMES = 100_000;
    private static final int BATCH = 500;
    private static final List<String> METHODS = List.of("initialize", "EngineGetInfo", "ProvidersGetStatus",
            "ProvidersSetApiKey", "ProvidersClearApiKey", "ProvidersSetEnabled", "ModelsListSupported",
            "ModelsGetCapabilities", "UserGetDefaultModel", "UserSetDefaultModel", "WorkbenchGetDefaultModel",
            "WorkbenchSetDefaultModel", "WorkshopSetActiveModel", "WorkbenchCreate", "WorkbenchOpen", "WorkbenchList",
            "WorkbenchDelete", "WorkbenchGetScope", "WorkbenchFilesList", "WorkbenchFilesAdd", "WorkbenchFilesRemove",
            "WorkbenchGetClutter", "EgressGetConsentStatus", "EgressListEvents", "WorkshopGetState",
            "WorkshopGetConversation", "WorkshopSendUserMessage", "WorkshopCancelRun", "WorkshopGetProposal",
            "DraftGetState", "DraftDiscard", "ReviewGetChangeSet", "CheckpointsList", "CheckpointsGet",
            "CheckpointsCreate", "CheckpointGet", "initialized", "$/cancelRequest", "$/setTrace", "NoSuchMethod", "",
            "workbenchList", "Workbench\u00e9", "\u0000");
    private static final List<String> FIELDS = List.of("workbench_id", "paths", "names", "model_id", "provider_id",
            "api_key", "enabled", "text", "proposal_id", "checkpoint_id", "description", "limit", "id", "name");

    private final Random random = new Random(0x7E57_1E);
    private long serial;

    @Test
    void every_frame_with_a_readable_id_is_answered_with_that_id() throws Exception {
        int answered = 0;
        try (Harness h = Harness.raw()) {
            for (int start = 0; start < FRAMES; start += BATCH) {
                Map<String, Integer> expected = new HashMap<>();
                for (int i = 0; i < BATCH; i++) {
                    Frame frame = frame();
                    h.send(frame.text);
                    if (frame.answeredId != null) {
                        expected.merge(key(frame.answeredId), 1, Integer::sum);
                    }
                }
                while (!expected.isEmpty()) {
                    JsonObject response = h.next();
                    assertThat(response.toString()).doesNotContain("Exception").doesNotContain("at com.")
                            .doesNotContain("at org.");
                    if (!response.has("id") || response.get("id").isJsonNull()) {
                        continue;
                    }
                    String k = key(response.get("id"));
                    Integer left = expected.get(k);
                    assertThat(left).as("answer to an id that was not sent or twice: %s", response).isNotNull();
                    if (left == 1) {
                        expected.remove(k);
                    } else {
                        expected.put(k, left - 1);
                    }
                    answered++;
                }
            }
            h.request("last", "EngineGetInfo", "{}");
            assertThat(h.response("last").getAsJsonObject("result").get("api_version").getAsString()).isEqualTo("1");
            assertThat(h.exited.await(0, TimeUnit.SECONDS)).isFalse();
        }
        assertThat(answered).isGreaterThan(FRAMES / 3);
    }

    /** A normalised form of an id: strings as themselves, numbers by value. */
    private static String key(JsonElement id) {
        JsonPrimitive p = id.getAsJsonPrimitive();
        if (p.isNumber()) {
            return "n:" + new BigDecimal(p.getAsString()).stripTrailingZeros().toPlainString();
        }
        return "s:" + p.getAsString();
    }

    private record Frame(String text, JsonElement answeredId) {
    }

    private Frame frame() {
        int shape = random.nextInt(100);
        if (shape < 5) {
            return new Frame(garbage(), null);
        }
        if (shape < 8) {
            JsonElement top = value(2);
            return new Frame((top.isJsonObject() ? new JsonArray() : top).toString(), null);
        }
        JsonObject o = new JsonObject();
        if (random.nextInt(10) > 0) {
            o.add("jsonrpc", random.nextInt(8) > 0 ? new JsonPrimitive("2.0") : value(0));
        }
        JsonElement id = random.nextInt(10) > 0 ? id() : null;
        if (id != null) {
            o.add("id", id);
        }
        if (random.nextInt(12) > 0) {
            o.add("method", random.nextInt(10) > 0 ? new JsonPrimitive(METHODS.get(random.nextInt(METHODS.size())))
                    : value(1));
        }
        if (random.nextInt(5) > 0) {
            o.add("params", params());
        }
        boolean response = false;
        if (random.nextInt(40) == 0) {
            o.add(random.nextBoolean() ? "result" : "error", value(1));
            response = !o.has("method");
        }
        if (random.nextInt(10) == 0) {
            o.add("extra", value(2));
        }
        boolean readable = id != null && id.isJsonPrimitive()
                && (id.getAsJsonPrimitive().isString() || id.getAsJsonPrimitive().isNumber());
        return new Frame(o.toString(), readable && !response ? id : null);
    }

    private JsonElement id() {
        long n = ++serial;
        return switch (random.nextInt(9)) {
            case 0, 1, 2 -> new JsonPrimitive(n);
            case 3 -> new JsonPrimitive("s" + n);
            case 4 -> new JsonPrimitive("\u00e9\u2603\ud83d\ude00 \"q\" \\ " + n);
            case 5 -> new JsonPrimitive(-n);
            case 6 -> new JsonPrimitive(9_000_000_000L + n);
            case 7 -> value(1);
            default -> JsonNull.INSTANCE;
        };
    }

    private JsonElement params() {
        return switch (random.nextInt(8)) {
            case 0, 1, 2 -> object(2);
            case 3 -> {
                JsonArray a = new JsonArray();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.add(random.nextBoolean() ? object(1) : value(1));
                }
                yield a;
            }
            default -> value(2);
        };
    }

    private JsonObject object(int depth) {
        JsonObject o = new JsonObject();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String field = random.nextInt(4) > 0 ? FIELDS.get(random.nextInt(FIELDS.size())) : "f" + random.nextInt(9);
            o.add(field, value(depth));
        }
        return o;
    }

    private JsonElement value(int depth) {
        int kind = random.nextInt(depth > 0 ? 10 : 7);
        return switch (kind) {
            case 0 -> JsonNull.INSTANCE;
            case 1 -> new JsonPrimitive(random.nextBoolean());
            case 2 -> new JsonPrimitive(random.nextInt(2001) - 1000);
            case 3 -> new JsonPrimitive(random.nextDouble() * 1e6);
            case 4 -> new JsonPrimitive(Fakes.WB);
            case 5 -> new JsonPrimitive("../" + random.nextInt(100) + "/x\u0000y");
            case 6 -> new JsonPrimitive("");
            case 7, 8 -> object(depth - 1);
            default -> {
                JsonArray a = new JsonArray();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.add(value(depth - 1));
                }
                yield a;
            }
        };
    }

    private String garbage() {
        String valid = "{\"jsonrpc\":\"2.0\",\"id\":" + (++serial) + ",\"method\":\"EngineGetInfo\",\"params\":{}}";
        return switch (random.nextInt(4)) {
            case 0 -> valid.substring(0, random.nextInt(valid.length()));
            case 1 -> "\u0000\u00ff not json " + random.nextInt();
            case 2 -> "";
            default -> "{\"id\":1,,}";
        };
    }
}
