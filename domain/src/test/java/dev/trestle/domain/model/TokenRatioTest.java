package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TokenRatioTest {
    @Test
    void priors_over_read_and_are_uncalibrated() {
        for (ProviderId p : ProviderId.values()) {
            TokenRatio prior = TokenRatio.prior(p);
            assertThat(prior.calibrated()).isFalse();
            assertThat(prior.ratio()).isGreaterThan(1.0);
        }
        assertThat(TokenRatio.prior(ProviderId.ANTHROPIC).ratio()).isEqualTo(1.35);
    }

    @Test
    void the_first_sample_replaces_the_prior() {
        TokenRatio r = TokenRatio.prior(ProviderId.ANTHROPIC).withSample(1_000, 1_180);
        assertThat(r.ratio()).isCloseTo(1.18, within(1e-12));
        assertThat(r.samples()).isEqualTo(1);
    }

    @Test
    void later_samples_move_by_a_bounded_moving_average() {
        TokenRatio r = new TokenRatio(1.20, 1).withSample(1_000, 1_300);
        assertThat(r.ratio()).isCloseTo(1.20 + 0.3 * 0.10, within(1e-12));
        assertThat(r.samples()).isEqualTo(2);
        // one odd sample (twice the usual density) moves the ratio by at most 10 %
        TokenRatio odd = new TokenRatio(1.20, 5).withSample(1_000, 2_400);
        assertThat(odd.ratio()).isCloseTo(1.32, within(1e-12));
        TokenRatio low = new TokenRatio(1.20, 5).withSample(1_000, 600);
        assertThat(low.ratio()).isCloseTo(1.08, within(1e-12));
    }

    @Test
    void implausible_or_empty_samples_are_ignored() {
        TokenRatio r = new TokenRatio(1.2, 2);
        assertThat(r.withSample(0, 100)).isEqualTo(r);
        assertThat(r.withSample(100, -1)).isEqualTo(r);
        assertThat(r.withSample(100, 10_000)).isEqualTo(r);
        assertThat(r.withSample(1_000, 100)).isEqualTo(r);
    }

    @Test
    void apply_rounds_up_and_construction_checks_the_range() {
        assertThat(new TokenRatio(1.25, 1).apply(3)).isEqualTo(4);
        assertThat(new TokenRatio(1.0, 1).apply(3)).isEqualTo(3);
        assertThatThrownBy(() -> new TokenRatio(0.1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenRatio(1.1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
