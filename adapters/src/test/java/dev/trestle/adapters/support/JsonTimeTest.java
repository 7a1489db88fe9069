package dev.trestle.adapters.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Json#time}: the digit-by-digit form equals the pattern formatter's everywhere. */
class JsonTimeTest {
    private static final DateTimeFormatter PATTERN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Test
    void equals_the_pattern_formatter_at_the_edges_and_at_random() {
        String[] edges = {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "2024-02-29T12:34:56.789Z",
            "2026-12-07T05:47:34.000500Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "1900-03-01T00:00:00.001Z",
            "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"};
        for (String e : edges) {
            Instant i = Instant.parse(e);
            assertThat(Json.time(i)).as(e).isEqualTo(PATTERN.format(i));
        }
        Random random = new Random(7);
        long min = Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("+10100-01-01T00:00:00Z").getEpochSecond();
        for (int n = 0; n < 200_000; n++) {
            Instant i = Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)),
                    random.nextInt(1_000_000_000));
            assertThat(Json.time(i)).isEqualTo(PATTERN.format(i));
        }
        assertThat(Json.time(null)).isNull();
        assertThat(Json.time(Instant.parse("2026-12-07T05:47:34.123Z"))).isEqualTo("2026-12-07T05:47:34.123Z");
    }
}
