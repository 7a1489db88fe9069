package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UlidTest {

    @Test
    void the_time_part_matches_the_ulid_spec_example() {
        assertThat(Ulid.format(1469918176385L, new byte[10])).startsWith("01ARYZ6S41");
    }

    @Test
    void extremes_encode_as_zeros_and_the_largest_value() {
        assertThat(Ulid.format(0, new byte[10])).isEqualTo("0".repeat(26));
        byte[] ones = new byte[10];
        Arrays.fill(ones, (byte) 0xFF);
        assertThat(Ulid.format((1L << 48) - 1, ones)).isEqualTo("7" + "Z".repeat(25));
    }

    @Test
    void every_random_byte_matters() {
        byte[] a = new byte[10];
        for (int i = 0; i < 10; i++) {
            byte[] b = new byte[10];
            b[i] = 1;
            assertThat(Ulid.format(5, b)).as("byte %d", i).isNotEqualTo(Ulid.format(5, a));
        }
    }

    @Test
    void later_times_sort_after_earlier_ones() {
        byte[] high = new byte[10];
        Arrays.fill(high, (byte) 0xFF);
        assertThat(Ulid.format(1_700_000_000_000L, high)).isLessThan(Ulid.format(1_700_000_000_001L, new byte[10]));
    }

    @Test
    void formatted_ids_are_valid() {
        assertThat(Ulid.isValid(Ulid.format(System.currentTimeMillis(), new byte[10]))).isTrue();
    }

    @Test
    void refuses_a_wrong_random_length() {
        assertThatThrownBy(() -> Ulid.format(1, new byte[9])).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "01ARZ3NDEKTSV4RRFFQ69G5FA", "01ARZ3NDEKTSV4RRFFQ69G5FAVX", "81ARZ3NDEKTSV4RRFFQ69G5FAV",
            "01arz3ndektsv4rrffq69g5fav", "01ARZ3NDEKTSV4RRFFQ69G5FAI", "01ARZ3NDEKTSV4RRFFQ69G5FAL",
            "01ARZ3NDEKTSV4RRFFQ69G5FAO", "01ARZ3NDEKTSV4RRFFQ69G5FAU", "../ARZ3NDEKTSV4RRFFQ69G5FA"})
    void rejects_malformed_ids(String id) {
        assertThat(Ulid.isValid(id)).isFalse();
    }

    @Test
    void rejects_null_and_accepts_the_spec_example() {
        assertThat(Ulid.isValid(null)).isFalse();
        assertThat(Ulid.isValid("01ARZ3NDEKTSV4RRFFQ69G5FAV")).isTrue();
    }
}
