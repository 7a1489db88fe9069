package dev.trestle.cli.tour;

import static dev.trestle.cli.base.Json.str;

import com.google.gson.JsonObject;
import dev.trestle.cli.commands.Notifications;
import dev.trestle.cli.output.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the engine announced during the tour: every notification in arrival order (so a step can check what its
 * request caused), the streamed reply text, and one narrated line per notification worth showing.
 */
final class TourNotifications {
    private final Output out;
    private final List<JsonObject> received = new CopyOnWriteArrayList<>();
    private final StringBuilder streamed = new StringBuilder();

    TourNotifications(Output out) {
        this.out = out;
    }

    /** The engine connection's listener (its reader thread, in arrival order). */
    void onNotification(String method, JsonObject params) {
        JsonObject record = new JsonObject();
        record.addProperty("method", method);
        record.add("params", params);
        received.add(record);
        if ("WorkshopAssistantStreamDelta".equals(method)) {
            synchronized (streamed) {
                streamed.append(str(params, "token_delta"));
            }
            return;
        }
        String line = Notifications.describe(method, params);
        if (line != null) {
            out.line("    · " + line);
        }
    }

    /** A position to look from with {@link #since} after a request. */
    int mark() {
        return received.size();
    }

    /** Notifications ({@code {method, params}}) that arrived after {@code mark}. */
    List<JsonObject> since(int mark) {
        return new ArrayList<>(received.subList(Math.min(mark, received.size()), received.size()));
    }

    boolean seenSince(int mark, String method) {
        return since(mark).stream().anyMatch(n -> method.equals(str(n, "method")));
    }

    void resetStream() {
        synchronized (streamed) {
            streamed.setLength(0);
        }
    }

    /** The reply text streamed since {@link #resetStream()}. */
    String streamed() {
        synchronized (streamed) {
            return streamed.toString();
        }
    }
}
