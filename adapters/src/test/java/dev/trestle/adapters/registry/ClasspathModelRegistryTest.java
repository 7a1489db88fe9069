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
                "anthropic:claude-sonnet-4-6", "anthropic:claude-opus-4-6", "google:gemini-3-pro",
                "mistral:mistral-large");
        assertThat(r.models()).extracting(ModelEntry::contextTokensEstimate)
                .containsExactly(200_000L, 200_000L, 200_000L, 1_000_000L, 128_000L);
        assertThat(r.first().modelId()).isEqualTo("openai:gpt-5.2");
        assertThat(r.canonical("anthropic:claude-opus-4.5")).isEqualTo("anthropic:claude-opus-4-6");
        assertThat(r.findExact("anthropic:claude-opus-4.5")).isEmpty();
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
