package dev.trestle.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.fakes.TestRegistry;
import dev.trestle.domain.model.ModelRegistry;
import dev.trestle.domain.port.out.TokenCounterPort;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What every {@link TokenCounterPort} must do. */
public abstract class TokenCounterPortContract {
    private static final ModelRegistry REGISTRY = TestRegistry.standard();
    private static final String MIXED = "Prose with words. {\"json\": [1, 2, 3]} int main() { return 0; } 日本語の文章です。";

    protected abstract TokenCounterPort port();

    @Test
    void nothing_counts_zero_and_text_counts_at_least_one_and_at_most_its_bytes() {
        assertThat(port().count("")).isZero();
        assertThat(port().count("a")).isEqualTo(1);
        int n = port().count(MIXED);
        assertThat(n).isPositive().isLessThanOrEqualTo(MIXED.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void counts_are_deterministic_and_grow_with_the_text() {
        assertThat(port().count(MIXED)).isEqualTo(port().count(MIXED));
        assertThat(port().count(MIXED + MIXED)).isGreaterThan(port().count(MIXED));
    }

    @Test
    void special_token_markers_count_as_ordinary_text() {
        assertThat(port().count("<|endoftext|>")).isGreaterThan(1);
    }

    @Test
    void the_base_encoding_is_exact_for_openai_models_only() {
        assertThat(port().isExactFor(REGISTRY.find(TestRegistry.GPT).orElseThrow())).isTrue();
        assertThat(port().isExactFor(REGISTRY.find(TestRegistry.MISTRAL).orElseThrow())).isFalse();
        assertThat(port().isExactFor(REGISTRY.find(TestRegistry.GEMINI).orElseThrow())).isFalse();
        assertThat(port().isExactFor(REGISTRY.find("anthropic:claude-sonnet-4-6").orElseThrow())).isFalse();
    }
}
