package dev.trestle.adapters.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.contract.TokenCounterPortContract;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.port.out.TokenCounterPort;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The {@link TokenCounterPort} contract against JTokkit, plus its o200k specifics. */
class JTokkitTokenCounterContractTest extends TokenCounterPortContract {
    private static final JTokkitTokenCounter COUNTER = new JTokkitTokenCounter();

    @Override
    protected TokenCounterPort port() {
        return COUNTER;
    }

    @Test
    void o200k_counts_known_strings() {
        assertThat(COUNTER.count("hello world")).isEqualTo(2);
        // o200k merges whole CJK words that cl100k splits into bytes
        assertThat(COUNTER.count("日本語")).isLessThanOrEqualTo(2);
        assertThat(COUNTER.count("<|endoftext|>")).isGreaterThan(1);
    }

    @ParameterizedTest
    @CsvSource({"gpt-5.2, true", "gpt-5, true", "gpt-5-mini, true", "gpt-4.1, true", "gpt-4.1-nano, true",
        "gpt-4o, true", "gpt-4o-2024-08-06, true", "o1, true", "o3-mini, true", "o4-mini, true", "gpt-4, false",
        "gpt-3.5-turbo, false", "gpt-50, false", "omni, false"})
    void openai_models_map_to_o200k_by_api_name(String apiName, boolean exact) {
        ModelEntry m = new ModelEntry("openai:" + apiName, ProviderId.OPENAI, apiName, 128_000, apiName);
        assertThat(COUNTER.isExactFor(m)).isEqualTo(exact);
    }
}
