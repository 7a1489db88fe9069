package dev.trestle.server.rpc;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The one Gson setup of the wire: record components in {@code camelCase} travel as {@code snake_case}
 * ({@code docs/spec/rpc.md} §2), and text such as {@code <} stays unescaped. The launchers (engine and clients) and the
 * error mapper all use it, so no wire record needs a per-field name annotation. A clutter answer is serialised once per
 * state ({@link PreSerialized}).
 */
public final class WireJson {
    private static final Gson GSON = configure(new GsonBuilder()).create();

    private WireJson() {
    }

    /** Applies the wire's naming and escaping rules to {@code builder}. */
    public static GsonBuilder configure(GsonBuilder builder) {
        return builder.setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).disableHtmlEscaping()
                .registerTypeAdapterFactory(new PreSerialized());
    }

    /** A Gson with the wire's rules. */
    public static Gson gson() {
        return GSON;
    }
}
