package dev.trestle.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.trestle.cli.engine.ConnectedEngine;
import dev.trestle.cli.engine.EngineCallException;
import dev.trestle.cli.engine.NotificationListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An in-memory engine for command tests: answers per method, records every call. */
final class ScriptedEngine implements ConnectedEngine {
    /** One recorded request. */
    record Call(String method, JsonObject params) {
    }

    /** Answers one method; may emit notifications first, like the real engine. */
    @FunctionalInterface
    interface Handler {
        JsonObject handle(JsonObject params, NotificationListener notify) throws EngineCallException;
    }

    final List<Call> calls = new ArrayList<>();
    private final Map<String, Handler> handlers = new HashMap<>();
    private NotificationListener listener = NotificationListener.NONE;
    boolean closed;

    ScriptedEngine on(String method, Handler handler) {
        handlers.put(method, handler);
        return this;
    }

    ScriptedEngine answer(String method, String json) {
        return on(method, (p, n) -> JsonParser.parseString(json).getAsJsonObject());
    }

    ScriptedEngine fail(String method, String errorInfoJson) {
        return on(method, (p, n) -> {
            throw new EngineCallException(method, -32000, "failed",
                    JsonParser.parseString(errorInfoJson).getAsJsonObject());
        });
    }

    @Override
    public JsonObject call(Request request, JsonObject params) throws EngineCallException {
        String method = request.wireName();
        calls.add(new Call(method, params.deepCopy()));
        Handler h = handlers.get(method);
        if (h == null) {
            throw new EngineCallException(method, EngineCallException.METHOD_NOT_FOUND, "Unsupported request method",
                    null);
        }
        return h.handle(params, listener);
    }

    @Override
    public void onNotification(NotificationListener l) {
        listener = l;
    }

    @Override
    public String stderrText() {
        return "";
    }

    @Override
    public JsonObject engineInfo() {
        return JsonParser.parseString("{\"engine_version\":\"test\",\"api_version\":\"1\"}").getAsJsonObject();
    }

    @Override
    public void close() {
        closed = true;
    }

    List<String> methods() {
        List<String> out = new ArrayList<>();
        calls.forEach(c -> out.add(c.method()));
        return out;
    }
}
