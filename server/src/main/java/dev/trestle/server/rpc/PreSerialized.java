package dev.trestle.server.rpc;

import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;

/**
 * Serialises each {@link WireTypes.ClutterState} instance once: the JSON text of the last few instances is kept and
 * written raw, so a {@code WorkbenchGetClutter} answer or {@code WorkbenchClutterChanged} for a Workbench that has not
 * changed costs no reflection or number formatting. Keyed by identity: {@link ClutterAnswers} hands out the same wire
 * instance exactly as long as the domain hands out the same {@code ClutterState}, which it replaces on every change
 * that affects it, so a cached text can never describe an older state. Reading is Gson's own.
 */
final class PreSerialized implements TypeAdapterFactory {
    /** Instances remembered (a few Workbenches in use at once). */
    static final int SLOTS = 32;

    /** Texts written with nulls (as LSP4J's launchers write) and without (a plain wire Gson). */
    private final IdentityCache<Object, String> withNulls = new IdentityCache<>(SLOTS);
    private final IdentityCache<Object, String> withoutNulls = new IdentityCache<>(SLOTS);

    @Override
    @SuppressWarnings("unchecked")
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
        if (type.getRawType() != WireTypes.ClutterState.class) {
            return null;
        }
        TypeAdapter<T> delegate = gson.getDelegateAdapter(this, type);
        return new TypeAdapter<T>() {
            @Override
            public void write(JsonWriter out, T value) throws IOException {
                if (value == null) {
                    out.nullValue();
                    return;
                }
                if (out.getClass() != JsonWriter.class) {
                    // a tree writer (toJsonTree) takes no raw text
                    delegate.write(out, value);
                    return;
                }
                IdentityCache<Object, String> texts = out.getSerializeNulls() ? withNulls : withoutNulls;
                String json = texts.get(value);
                if (json == null) {
                    StringWriter text = new StringWriter(1024);
                    JsonWriter w = new JsonWriter(text);
                    w.setSerializeNulls(out.getSerializeNulls());
                    w.setHtmlSafe(out.isHtmlSafe());
                    w.setLenient(out.isLenient());
                    delegate.write(w, value);
                    w.flush();
                    json = text.toString();
                    texts.put(value, json);
                }
                out.jsonValue(json);
            }

            @Override
            public T read(JsonReader in) throws IOException {
                return delegate.read(in);
            }
        };
    }
}
