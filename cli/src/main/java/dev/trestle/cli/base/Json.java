package dev.trestle.cli.base;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Small null-tolerant readers and builders for the engine's JSON (Gson trees). */
public final class Json {
    private Json() {
    }

    /** {@code {k1: v1, k2: v2, ...}}; null values are left out (optional params). */
    public static JsonObject obj(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key/value pairs expected");
        }
        JsonObject o = new JsonObject();
        for (int i = 0; i < keyValues.length; i += 2) {
            String key = (String) keyValues[i];
            Object value = keyValues[i + 1];
            if (value == null) {
                continue;
            }
            if (value instanceof JsonElement e) {
                o.add(key, e);
            } else if (value instanceof Boolean b) {
                o.addProperty(key, b);
            } else if (value instanceof Number n) {
                o.addProperty(key, n);
            } else if (value instanceof List<?> list) {
                JsonArray a = new JsonArray();
                for (Object item : list) {
                    a.add(String.valueOf(item));
                }
                o.add(key, a);
            } else {
                o.addProperty(key, String.valueOf(value));
            }
        }
        return o;
    }

    /** A string field, or {@code ""} when absent or null. */
    public static String str(JsonObject o, String field) {
        JsonElement e = o == null ? null : o.get(field);
        return e == null || e.isJsonNull() ? "" : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    public static long num(JsonObject o, String field) {
        JsonElement e = o == null ? null : o.get(field);
        return e == null || !e.isJsonPrimitive() ? 0 : e.getAsNumber().longValue();
    }

    public static double dbl(JsonObject o, String field) {
        JsonElement e = o == null ? null : o.get(field);
        return e == null || !e.isJsonPrimitive() ? 0 : e.getAsDouble();
    }

    public static boolean bool(JsonObject o, String field) {
        JsonElement e = o == null ? null : o.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsBoolean();
    }

    public static JsonObject child(JsonObject o, String field) {
        JsonElement e = o == null ? null : o.get(field);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
    }

    /** The objects of an array field (non-objects skipped). */
    public static List<JsonObject> list(JsonObject o, String field) {
        List<JsonObject> out = new ArrayList<>();
        JsonElement e = o == null ? null : o.get(field);
        if (e != null && e.isJsonArray()) {
            for (JsonElement item : e.getAsJsonArray()) {
                if (item.isJsonObject()) {
                    out.add(item.getAsJsonObject());
                }
            }
        }
        return out;
    }

    /** The strings of an array field. */
    public static List<String> strings(JsonObject o, String field) {
        List<String> out = new ArrayList<>();
        JsonElement e = o == null ? null : o.get(field);
        if (e != null && e.isJsonArray()) {
            for (JsonElement item : e.getAsJsonArray()) {
                if (item.isJsonPrimitive()) {
                    out.add(item.getAsString());
                }
            }
        }
        return out;
    }
}
