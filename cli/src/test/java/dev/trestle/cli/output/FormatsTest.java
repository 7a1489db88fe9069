package dev.trestle.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void sizes_use_binary_units_with_one_decimal_above_bytes() {
        assertThat(Formats.size(0)).isEqualTo("0 B");
        assertThat(Formats.size(1023)).isEqualTo("1023 B");
        assertThat(Formats.size(1024)).isEqualTo("1.0 KiB");
        assertThat(Formats.size(1536)).isEqualTo("1.5 KiB");
        assertThat(Formats.size(26_214_400)).isEqualTo("25.0 MiB");
        assertThat(Formats.size(3L * 1024 * 1024 * 1024)).isEqualTo("3.0 GiB");
    }

    @Test
    void engine_times_are_shown_in_the_local_zone() {
        assertThat(Formats.time("2026-03-01T10:15:30.123Z", ZoneId.of("Europe/Berlin")))
                .isEqualTo("2026-03-01 11:15:30");
        assertThat(Formats.time("2026-07-01T10:15:30.000Z", ZoneId.of("UTC"))).isEqualTo("2026-07-01 10:15:30");
    }

    @Test
    void absent_or_unparseable_times_do_not_fail() {
        assertThat(Formats.time("", ZoneId.of("UTC"))).isEmpty();
        assertThat(Formats.time(null, ZoneId.of("UTC"))).isEmpty();
        assertThat(Formats.time("yesterday", ZoneId.of("UTC"))).isEqualTo("yesterday");
    }

    @Test
    void clutter_bar_fills_cells_in_proportion_and_prints_level_and_percent() {
        assertThat(Formats.clutterBar(0.31, "Moderate"))
                .isEqualTo("[██████░░░░░░░░░░░░░░] Moderate 31%");
        assertThat(Formats.clutterBar(0, "Light")).isEqualTo("[░░░░░░░░░░░░░░░░░░░░] Light 0%");
        assertThat(Formats.clutterBar(1, "Heavy")).isEqualTo("[████████████████████] Heavy 100%");
    }

    @Test
    void clutter_bar_shows_a_tiny_score_as_one_cell_and_clamps_overflow() {
        assertThat(Formats.clutterBar(0.001, "Light")).startsWith("[█░");
        assertThat(Formats.clutterBar(1.4, "Heavy")).isEqualTo("[████████████████████] Heavy 140%");
    }
}
