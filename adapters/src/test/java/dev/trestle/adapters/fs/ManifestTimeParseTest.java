package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.adapters.support.Json;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ManifestCodec#parseTime} answers exactly what {@link Instant#parse} answers, value or exception. */
class ManifestTimeParseTest {
    @Test
    void manifest_times_are_read_back_exactly_as_instant_parse_reads_them() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(r.nextLong(-62_135_596_800L, 253_402_300_800L), r.nextInt(1_000) * 1_000_000L);
            String text = Json.time(t);
            assertThat(ManifestCodec.parseTime(text)).as(text).isEqualTo(Instant.parse(text)).isEqualTo(t);
        }
        for (String odd : new String[] {"2026-11-25T21:06:09Z", "2026-11-25T21:06:09.123456Z", "+10000-01-01T00:00:00Z",
            "2024-02-29T23:59:59.999Z", "2025-02-30T00:00:00.000Z", "2025-13-01T00:00:00.000Z",
            "2025-01-01T24:00:00.000Z", "2025-0a-01T00:00:00.000Z"}) {
            assertThat(outcome(() -> ManifestCodec.parseTime(odd))).as(odd).isEqualTo(outcome(() -> Instant.parse(odd)));
        }
    }

    private static Object outcome(java.util.function.Supplier<Instant> f) {
        try {
            return f.get();
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }
}
