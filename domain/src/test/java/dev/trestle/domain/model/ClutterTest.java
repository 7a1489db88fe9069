package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.fakes.TestRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClutterTest {
    private static final ModelRegistry REGISTRY = TestRegistry.standard();

    private static ModelEntry model(String id) {
        return REGISTRY.find(id).orElseThrow();
    }

    private static List<ClutterItem> items(long system, long conversation, long... files) {
        List<ClutterItem> out = new ArrayList<>();
        out.add(ClutterItem.of(ClutterItem.Kind.SYSTEM, system));
        for (int i = 0; i < files.length; i++) {
            out.add(ClutterItem.file("f" + i + ".txt", files[i]));
        }
        out.add(ClutterItem.of(ClutterItem.Kind.CONVERSATION, conversation));
        return out;
    }

    @ParameterizedTest
    @CsvSource({"0.0, Light", "0.3999, Light", "0.40, Moderate", "0.6999, Moderate", "0.70, Heavy", "1.0, Heavy"})
    void levels_follow_the_thresholds(double score, ClutterLevel level) {
        assertThat(ClutterLevel.of(score)).isEqualTo(level);
    }

    @Test
    void the_score_divides_by_the_usable_window_and_the_total_is_the_sum_of_the_breakdown() {
        ClutterState s = Clutter.state(items(100, 400, 1_000, 500), model(TestRegistry.GPT), TokenSource.EXACT);
        assertThat(s.usageTokensEstimate()).isEqualTo(2_000);
        assertThat(s.contextTokensEstimate()).isEqualTo(200_000);
        assertThat(s.reservedOutputTokens()).isEqualTo(Clutter.RESERVED_OUTPUT_TOKENS);
        assertThat(s.usableTokens()).isEqualTo(200_000 - 8_192);
        assertThat(s.score()).isEqualTo(2_000.0 / (200_000 - 8_192));
        assertThat(s.source()).isEqualTo(TokenSource.EXACT);
        assertThat(s.errorBandPercent()).isEqualTo(TokenSource.EXACT.errorBandPercent());
        assertThat(s.breakdown().stream().mapToLong(ClutterItem::tokens).sum()).isEqualTo(s.usageTokensEstimate());
    }

    @Test
    void the_breakdown_lists_system_then_files_largest_first_then_the_conversation() {
        ClutterState s = Clutter.state(items(7, 9, 10, 30, 20), model(TestRegistry.MISTRAL), TokenSource.CALIBRATED);
        assertThat(s.breakdown()).extracting(ClutterItem::kind).containsExactly(ClutterItem.Kind.SYSTEM,
                ClutterItem.Kind.FILE, ClutterItem.Kind.FILE, ClutterItem.Kind.FILE, ClutterItem.Kind.CONVERSATION);
        assertThat(s.breakdown()).extracting(ClutterItem::tokens).containsExactly(7L, 30L, 20L, 10L, 9L);
        assertThat(Clutter.largest(s, 2)).extracting(ClutterItem::tokens).containsExactly(30L, 20L);
    }

    @Test
    void files_beyond_the_listing_limit_fold_into_one_item_and_the_sum_still_holds() {
        long[] files = new long[Clutter.BREAKDOWN_FILES + 7];
        long total = 3 + 4;
        for (int i = 0; i < files.length; i++) {
            files[i] = 100 + i;
            total += files[i];
        }
        ClutterState s = Clutter.state(items(3, 4, files), model(TestRegistry.GEMINI), TokenSource.ESTIMATED);
        assertThat(s.breakdown()).hasSize(1 + Clutter.BREAKDOWN_FILES + 1 + 1);
        ClutterItem other = s.breakdown().stream().filter(i -> i.kind() == ClutterItem.Kind.OTHER_FILES).findFirst()
                .orElseThrow();
        assertThat(other.files()).isEqualTo(7);
        assertThat(other.tokens()).isEqualTo(100 + 101 + 102 + 103 + 104 + 105 + 106);
        assertThat(s.usageTokensEstimate()).isEqualTo(total);
    }

    @Test
    void overflow_clamps_to_one_and_is_heavy() {
        ClutterState s = Clutter.state(items(10_000_000, 0), model(TestRegistry.GPT), TokenSource.EXACT);
        assertThat(s.score()).isEqualTo(1.0);
        assertThat(s.level()).isEqualTo(ClutterLevel.Heavy);
        assertThat(s.usageTokensEstimate()).isEqualTo(10_000_000);
    }

    @Test
    void a_model_without_a_window_uses_the_default_and_a_small_window_reserves_at_most_half() {
        ModelEntry noWindow = new ModelEntry("x:y", ProviderId.OPENAI, "X", 0, "y");
        ClutterState s = Clutter.state(items(12_000, 0), noWindow, TokenSource.ESTIMATED);
        assertThat(s.contextTokensEstimate()).isEqualTo(Clutter.DEFAULT_WINDOW);
        assertThat(s.score()).isEqualTo(12_000.0 / (32_000 - 8_192));
        ModelEntry tiny = new ModelEntry("x:z", ProviderId.OPENAI, "X", 10_000, "z");
        assertThat(Clutter.state(items(1, 0), tiny, TokenSource.EXACT).reservedOutputTokens()).isEqualTo(5_000);
    }
}
