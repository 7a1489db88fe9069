package dev.trestle.adapters.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.domain.fakes.TestRegistry;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.ModelRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClasspathModelRegistryTest {

    @Test
    void the_resource_yields_the_five_models_in_order_with_their_windows() {
        ModelRegistry r = ClasspathModelRegistry.load();
        assertThat(r.models()).extracting(ModelEntry::modelId).containsExactly("openai:gpt-5.2",
                "anthropic:claude-sonnet-4-6", "anthropic:claude-opus-4-6", "google:gemini-3-pro-preview",
                "mistral:mistral-large");
        assertThat(r.models()).extracting(ModelEntry::contextTokensEstimate)
                .containsExactly(200_000L, 200_000L, 200_000L, 1_000_000L, 128_000L);
        assertThat(r.first().modelId()).isEqualTo("openai:gpt-5.2");
        assertThat(r.canonical("anthropic:claude-opus-4.5")).isEqualTo("anthropic:claude-opus-4-6");
        assertThat(r.findExact("anthropic:claude-opus-4.5")).isEmpty();
    }

    /**
     * Every entry's {@code api_name} is an id its vendor documents as served ({@code vendor-model-ids.json}, written
     * from the vendors' model pages): a wrong id would pass key validation and then 404 on every message.
     */
    @Test
    void every_api_name_is_one_the_vendor_documents() throws java.io.IOException {
        com.fasterxml.jackson.databind.JsonNode documented;
        try (java.io.InputStream in = getClass().getResourceAsStream("/vendor-model-ids.json")) {
            documented = dev.trestle.adapters.support.Json.MAPPER.readTree(in);
        }
        for (ModelEntry m : ClasspathModelRegistry.load().models()) {
            java.util.List<String> ids = new java.util.ArrayList<>();
            documented.path(m.provider().id()).path("ids").forEach(n -> ids.add(n.asText()));
            assertThat(ids).as(m.modelId() + " api_name " + m.apiName()).contains(m.apiName());
        }
    }

    @Test
    void the_former_gemini_id_is_an_alias_so_settings_and_workbenches_keep_working() {
        ModelRegistry r = ClasspathModelRegistry.load();
        assertThat(r.canonical("google:gemini-3-pro")).isEqualTo("google:gemini-3-pro-preview");
        assertThat(r.find("google:gemini-3-pro")).map(ModelEntry::apiName).contains("gemini-3-pro-preview");
    }

    @Test
    void the_resource_matches_the_domain_test_registry_field_by_field() {
        assertThat(ClasspathModelRegistry.load().models()).containsExactlyElementsOf(TestRegistry.models());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "[]", "{\"schema_version\":2,\"models\":[]}", "{\"schema_version\":1}",
            "{\"schema_version\":1,\"models\":[]}",
            "{\"schema_version\":1,\"models\":[{\"model_id\":\"acme:x\",\"provider_id\":\"acme\",\"display_name\":\"X\","
                    + "\"context_tokens_estimate\":1,\"api_name\":\"x\"}]}",
            "{\"schema_version\":1,\"models\":[{\"model_id\":\"openai:x\",\"provider_id\":\"openai\",\"display_name\":\"X\","
                    + "\"context_tokens_estimate\":\"big\",\"api_name\":\"x\"}]}",
            "{\"schema_version\":1,\"models\":[{\"model_id\":\"openai:x\",\"provider_id\":\"openai\",\"display_name\":\"X\","
                    + "\"context_tokens_estimate\":0,\"api_name\":\"x\"}]}",
            "{\"schema_version\":1,\"models\":[{\"model_id\":\"openai:x\",\"provider_id\":\"openai\","
                    + "\"context_tokens_estimate\":5,\"api_name\":\"x\"}]}",
            "{\"schema_version\":1,\"models\":[{\"model_id\":\"openai:x\",\"provider_id\":\"openai\",\"display_name\":\"X\","
                    + "\"context_tokens_estimate\":5,\"api_name\":\"x\"}],\"aliases\":{\"old\":\"openai:y\"}}",
            "{\"schema_version\":1,\"models\":[{\"model_id\":\"openai:x\",\"provider_id\":\"openai\",\"display_name\":\"X\","
                    + "\"context_tokens_estimate\":5,\"api_name\":\"x\"}],\"aliases\":[]}"})
    void broken_registry_data_is_refused_with_a_reason(String json) {
        assertThatThrownBy(() -> ClasspathModelRegistry.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("registry");
    }
}
