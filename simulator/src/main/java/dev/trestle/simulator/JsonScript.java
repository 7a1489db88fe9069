package dev.trestle.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trestle.simulator.ProviderSimulator.Vendor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a simulator script written as JSON (the {@code --script} file and {@code POST /_sim/script}) into
 * {@link Reply} queues per vendor; the format is documented on {@link ProviderSimulator#scriptJson}.
 */
final class JsonScript {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonScript() {
    }

    /**
     * @param onHold receives each reply that holds until released ({@code "hold": true})
     * @throws IOException the text is not a script (not an object, an unknown provider, not JSON)
     */
    static Map<Vendor, List<Reply>> parse(String json, Consumer<Reply> onHold) throws IOException {
        JsonNode root = JSON.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IOException("script must be a JSON object");
        }
        Map<Vendor, List<Reply>> parsed = new LinkedHashMap<>();
        var fields = root.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            Vendor v;
            try {
                v = Vendor.of(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new IOException("unknown provider in script: " + e.getKey(), ex);
            }
            List<Reply> list = new ArrayList<>();
            for (JsonNode r : e.getValue()) {
                list.add(reply(r, onHold));
            }
            parsed.put(v, list);
        }
        return parsed;
    }

    private static Reply reply(JsonNode r, Consumer<Reply> onHold) throws IOException {
        Reply reply;
        if (r.has("redirect")) {
            reply = Reply.redirect(r.path("status").asInt(302), r.get("redirect").asText());
        } else if ("context_length".equals(r.path("error").asText(null))) {
            reply = Reply.contextLength();
        } else if (r.has("status") && r.get("status").asInt() != 200) {
            reply = Reply.status(r.get("status").asInt());
        } else if (r.has("proposal")) {
            JsonNode p = r.get("proposal");
            reply = Reply.proposal(p.isTextual() ? p.asText() : JSON.writeValueAsString(p));
        } else {
            List<String> chunks = new ArrayList<>();
            for (JsonNode c : r.path("chunks")) {
                chunks.add(c.asText());
            }
            reply = chunks.isEmpty() && !r.has("chunks") && !r.path("hold").asBoolean(false)
                    ? Reply.text("Hello from the simulator.") : Reply.text(chunks.toArray(new String[0]));
        }
        var headers = r.path("headers").fields();
        while (headers.hasNext()) {
            var h = headers.next();
            reply.header(h.getKey(), h.getValue().asText());
        }
        if (r.has("drop_after")) {
            reply.dropAfter(r.get("drop_after").asInt());
        }
        if (r.has("delay_first_byte_ms")) {
            reply.delayFirstByte(Duration.ofMillis(r.get("delay_first_byte_ms").asLong()));
        }
        if (r.path("hold").asBoolean(false)) {
            reply.hold();
            onHold.accept(reply);
        }
        return reply;
    }
}
