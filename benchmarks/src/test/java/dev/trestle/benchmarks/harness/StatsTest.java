package dev.trestle.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void median_of_an_odd_count_is_the_middle_sample_regardless_of_order() {
        assertThat(Stats.median(List.of(9.0, 1.0, 5.0))).isEqualTo(5.0);
    }

    @Test
    void median_of_an_even_count_averages_the_middle_pair() {
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void p99_of_a_hundred_samples_is_the_ninety_ninth_smallest() {
        List<Double> v = new java.util.ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            v.add((double) i);
        }
        assertThat(Stats.percentile(v, 99)).isEqualTo(99.0);
        assertThat(Stats.percentile(v, 100)).isEqualTo(100.0);
        assertThat(Stats.percentile(v, 50)).isEqualTo(50.0);
    }

    @Test
    void no_samples_or_a_percentile_outside_the_range_is_refused() {
        assertThatThrownBy(() -> Stats.median(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.percentile(List.of(1.0), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.percentile(List.of(1.0), 101)).isInstanceOf(IllegalArgumentException.class);
    }
}
