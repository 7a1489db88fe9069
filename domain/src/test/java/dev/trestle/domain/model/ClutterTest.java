package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.fakes.TestRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClutterTest {
    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");
    private static final ModelRegistry REGISTRY = TestRegistry.standard();

    private static FileEntry file(String name, long size) {
        return FileEntry.of(name, size, "0".repeat(64), T, T);
    }

    @ParameterizedTest
    @CsvSource({"0.0, Light", "0.3999, Light", "0.40, Moderate", "0.6999, Moderate", "0.70, Heavy", "1.0, Heavy"})
    void levels_follow_the_thresholds(double score, ClutterLevel level) {
        assertThat(ClutterLevel.of(score)).isEqualTo(level);
    }

    @Test
    void spec_example_scores_per_model_window() {
        double usage = Clutter.filesWeight(List.of(file("a.txt", 4_000), file("b.csv", 2_000)))
                + Clutter.textWeight(400);
        assertThat(usage).isEqualTo(2_600.0);
        assertThat(Clutter.state(usage, REGISTRY.find(TestRegistry.GPT).orElseThrow()).score()).isEqualTo(0.013);
        assertThat(Clutter.state(usage, REGISTRY.find(TestRegistry.MISTRAL).orElseThrow()).score())
                .isEqualTo(0.0203125);
        assertThat(Clutter.state(usage, REGISTRY.find(TestRegistry.GEMINI).orElseThrow()).score()).isEqualTo(0.0026);
    }

    @Test
    void ac2_usage_is_1213_25_and_rounds_to_1213() {
        double usage = Clutter.filesWeight(List.of(file("notes.txt", 612), file("data.csv", 241)));
        assertThat(usage).isEqualTo(1_213.25);
        ClutterState s = Clutter.state(usage, REGISTRY.find(TestRegistry.MISTRAL).orElseThrow());
        assertThat(s.usageTokensEstimate()).isEqualTo(1_213);
        assertThat(s.score()).isEqualTo(1_213.25 / 128_000);
        assertThat(s.contextTokensEstimate()).isEqualTo(128_000);
        assertThat(s.modelId()).isEqualTo(TestRegistry.MISTRAL);
        assertThat(s.level()).isEqualTo(ClutterLevel.Light);
    }

    @Test
    void overflow_clamps_to_one_and_is_heavy() {
        ClutterState s = Clutter.state(10_000_000, REGISTRY.first());
        assertThat(s.score()).isEqualTo(1.0);
        assertThat(s.level()).isEqualTo(ClutterLevel.Heavy);
        assertThat(s.usageTokensEstimate()).isEqualTo(10_000_000);
    }

    @Test
    void negative_usage_clamps_to_zero() {
        assertThat(Clutter.state(-5, REGISTRY.first()).score()).isEqualTo(0.0);
    }

    @Test
    void a_model_without_a_window_uses_32000() {
        ModelEntry noWindow = new ModelEntry("openai:x", ProviderId.OPENAI, "X", 0, "x");
        ClutterState s = Clutter.state(16_000, noWindow);
        assertThat(s.score()).isEqualTo(0.5);
        assertThat(s.contextTokensEstimate()).isEqualTo(32_000);
    }

    @Test
    void weights_per_kind() {
        assertThat(Clutter.fileWeight(FileKind.TEXT, 4_000)).isEqualTo(1_500.0);
        assertThat(Clutter.fileWeight(FileKind.TEXT, 1_000_000)).isEqualTo(500 + 25_600.0);
        assertThat(Clutter.fileWeight(FileKind.TEXT, 102_401)).isEqualTo(500 + 25_600.0);
        assertThat(Clutter.fileWeight(FileKind.DOCX, 600)).isEqualTo(500 + 4_000 + 100.0);
        assertThat(Clutter.fileWeight(FileKind.ODT, 6)).isEqualTo(4_501.0);
        assertThat(Clutter.fileWeight(FileKind.PDF, 3)).isEqualTo(4_500.5);
        assertThat(Clutter.fileWeight(FileKind.XLSX, 800)).isEqualTo(500 + 6_000 + 100.0);
        assertThat(Clutter.fileWeight(FileKind.PPTX, 4)).isEqualTo(6_500.5);
        assertThat(Clutter.fileWeight(FileKind.IMAGE, 9_999_999)).isEqualTo(4_500.0);
        assertThat(Clutter.fileWeight(FileKind.BINARY, 9_999_999)).isEqualTo(1_000.0);
        assertThat(Clutter.fileWeight(FileKind.TEXT, 0)).isEqualTo(500.0);
    }

    @Test
    void text_weight_is_bytes_over_four_as_a_float() {
        assertThat(Clutter.textWeight(4_000)).isEqualTo(1_000.0);
        assertThat(Clutter.textWeight(801)).isEqualTo(200.25);
    }
}
