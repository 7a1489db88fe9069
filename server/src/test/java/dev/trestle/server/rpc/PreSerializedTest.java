package dev.trestle.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreSerializedTest {
    private static WireTypes.ClutterState state(long usage) {
        return new WireTypes.ClutterState(0.25, "Light", "openai:gpt-5.2", usage, 400_000, 8_192, 391_808, "exact",
                0.0, List.of(new WireTypes.ClutterItem("system", null, 120, null),
                new WireTypes.ClutterItem("file", "notes <b>.txt", usage - 130, 1),
                new WireTypes.ClutterItem("other_files", null, 10, 3)));
    }

    @Test
    void the_cached_text_is_what_plain_gson_writes_and_each_new_state_is_written_anew() {
        Gson plain = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
                .disableHtmlEscaping().create();
        Gson wire = WireJson.gson();
        WireTypes.ClutterState a = state(1_000);
        assertThat(wire.toJson(a)).isEqualTo(plain.toJson(a));
        assertThat(wire.toJson(a)).isEqualTo(plain.toJson(a));
        WireTypes.ClutterState b = state(2_000);
        assertThat(wire.toJson(b)).isEqualTo(plain.toJson(b)).contains("\"usage_tokens_estimate\":2000");
        assertThat(wire.toJson(new Results.Empty())).isEqualTo("{}");
        assertThat(wire.fromJson(plain.toJson(a), WireTypes.ClutterState.class)).isEqualTo(a);
        // the writer's own null policy is kept (LSP4J's launchers write nulls), each cached on its own
        Gson nulls = WireJson.configure(new GsonBuilder()).serializeNulls().create();
        Gson plainNulls = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
                .disableHtmlEscaping().serializeNulls().create();
        assertThat(nulls.toJson(a)).isEqualTo(plainNulls.toJson(a)).contains("\"path\":null");
        assertThat(nulls.toJson(a)).isEqualTo(plainNulls.toJson(a));
        // a tree (the CLI prints results from one) is built field by field
        assertThat(wire.toJsonTree(a)).isEqualTo(plain.toJsonTree(a));
    }

    @Test
    void the_identity_cache_keeps_the_last_slots_by_reference_only() {
        IdentityCache<String, Integer> cache = new IdentityCache<>(2);
        String one = new String("k");
        String same = new String("k");
        cache.put(one, 1);
        assertThat(cache.get(one)).isEqualTo(1);
        assertThat(cache.get(same)).as("equal but another instance").isNull();
        cache.put(same, 2);
        cache.put("third", 3);
        assertThat(cache.get(one)).as("evicted").isNull();
        assertThat(cache.get(same)).isEqualTo(2);
    }
}
