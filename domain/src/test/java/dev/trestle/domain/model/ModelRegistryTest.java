package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.domain.fakes.TestRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {
    private static final ModelRegistry REGISTRY = TestRegistry.standard();

    private static ModelEntry model(String id, ProviderId provider, long window) {
        return new ModelEntry(id, provider, "Display", window, "api");
    }

    @Test
    void keeps_registry_order_and_first_is_the_fallback() {
        assertThat(REGISTRY.models()).extracting(ModelEntry::modelId).containsExactly(TestRegistry.GPT,
                TestRegistry.SONNET, TestRegistry.OPUS, TestRegistry.GEMINI, TestRegistry.MISTRAL);
        assertThat(REGISTRY.first().modelId()).isEqualTo(TestRegistry.GPT);
    }

    @Test
    void find_rewrites_the_alias_but_find_exact_does_not() {
        assertThat(REGISTRY.find(TestRegistry.OPUS_ALIAS)).map(ModelEntry::modelId).contains(TestRegistry.OPUS);
        assertThat(REGISTRY.canonical(TestRegistry.OPUS_ALIAS)).isEqualTo(TestRegistry.OPUS);
        assertThat(REGISTRY.isValid(TestRegistry.OPUS_ALIAS)).isTrue();
        assertThat(REGISTRY.findExact(TestRegistry.OPUS_ALIAS)).isEmpty();
        assertThat(REGISTRY.findExact(TestRegistry.OPUS)).isPresent();
    }

    @Test
    void unknown_and_null_ids_are_absent() {
        assertThat(REGISTRY.find("openai:gpt-4")).isEmpty();
        assertThat(REGISTRY.find(null)).isEmpty();
        assertThat(REGISTRY.findExact(null)).isEmpty();
        assertThat(REGISTRY.canonical("openai:gpt-4")).isNull();
        assertThat(REGISTRY.isValid("GPT-5.2")).isFalse();
    }

    @Test
    void an_alias_finds_its_canonical_entry() {
        assertThat(REGISTRY.find(TestRegistry.OPUS_ALIAS)).map(ModelEntry::modelId).contains(TestRegistry.OPUS);
    }

    @Test
    void models_of_a_provider_keep_order() {
        assertThat(REGISTRY.modelsOf(ProviderId.ANTHROPIC)).extracting(ModelEntry::modelId)
                .containsExactly(TestRegistry.SONNET, TestRegistry.OPUS);
        assertThat(REGISTRY.modelsOf(ProviderId.GOOGLE)).hasSize(1);
    }

    @Test
    void the_registry_is_immutable_and_independent_of_its_input() {
        List<ModelEntry> input = new ArrayList<>(TestRegistry.models());
        ModelRegistry r = ModelRegistry.of(input, Map.of());
        input.clear();
        assertThat(r.models()).hasSize(5);
        assertThatThrownBy(() -> r.models().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejects_an_empty_registry() {
        assertThatThrownBy(() -> ModelRegistry.of(List.of(), Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejects_duplicate_ids() {
        assertThatThrownBy(() -> ModelRegistry.of(List.of(model("openai:a", ProviderId.OPENAI, 1),
                model("openai:a", ProviderId.OPENAI, 2)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
    }

    @Test
    void rejects_an_id_whose_prefix_is_not_its_provider() {
        assertThatThrownBy(() -> ModelRegistry.of(List.of(model("openai:a", ProviderId.ANTHROPIC, 1)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not start with");
        assertThatThrownBy(() -> ModelRegistry.of(List.of(model("openaix:a", ProviderId.OPENAI, 1)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelRegistry.of(List.of(model("openai:", ProviderId.OPENAI, 1)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejects_a_window_that_is_not_positive() {
        assertThatThrownBy(() -> ModelRegistry.of(List.of(model("openai:a", ProviderId.OPENAI, 0)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("context");
        assertThatThrownBy(() -> ModelRegistry.of(List.of(model("openai:a", ProviderId.OPENAI, -1)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejects_blank_names() {
        assertThatThrownBy(() -> ModelRegistry.of(List.of(new ModelEntry("openai:a", ProviderId.OPENAI, " ", 1, "a")),
                Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelRegistry.of(List.of(new ModelEntry("openai:a", ProviderId.OPENAI, "A", 1, "")),
                Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejects_an_alias_to_an_unknown_model() {
        assertThatThrownBy(() -> ModelRegistry.of(TestRegistry.models(), Map.of("openai:old", "openai:gone")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown model");
    }

    @Test
    void rejects_an_alias_that_shadows_a_model() {
        assertThatThrownBy(() -> ModelRegistry.of(TestRegistry.models(),
                Map.of(TestRegistry.GPT, TestRegistry.MISTRAL))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shadows");
    }

    @Test
    void every_model_reads_writes_and_needs_a_key() {
        assertThat(REGISTRY.models()).allMatch(m -> m.supportsFileRead() && m.supportsFileWrite() && m.requiresKey());
    }

    @Test
    void provider_ids_parse_exactly() {
        assertThat(ProviderId.parse("openai")).contains(ProviderId.OPENAI);
        assertThat(ProviderId.parse("OpenAI")).isEmpty();
        assertThat(ProviderId.parse("openai-codex")).isEmpty();
        assertThat(ProviderId.parse(null)).isEmpty();
        assertThat(ProviderId.GOOGLE.chatPath("gemini-3-pro"))
                .isEqualTo("/v1beta/models/gemini-3-pro:streamGenerateContent?alt=sse");
        assertThat(ProviderId.MISTRAL.allowlistedHost()).isEqualTo("api.mistral.ai");
    }
}
