package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.trestle.adapters.support.Json;
import java.io.StringWriter;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CodecTimeTest {

    private static String fast(Instant t) throws Exception {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(w)) {
            Codec.writeTime(g, t, new char[24]);
        }
        return w.toString();
    }

    @Test
    void manifest_times_are_written_exactly_as_the_shared_formatter_writes_them() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        Instant[] fixed = {Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999Z"),
            Instant.parse("2000-02-29T12:00:00.001Z"), Instant.parse("9999-12-31T23:59:59.999Z"),
            Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("2026-11-25T21:06:09.123456789Z")};
        for (Instant t : fixed) {
            assertThat(fast(t)).isEqualTo("\"" + Json.time(t) + "\"");
        }
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(r.nextLong(-62_135_596_800L, 253_402_300_800L), r.nextInt(1_000_000_000));
            assertThat(fast(t)).isEqualTo("\"" + Json.time(t) + "\"");
        }
    }

    @Test
    void times_outside_four_digit_years_fall_back_to_the_shared_formatter() throws Exception {
        Instant far = Instant.parse("+10000-01-01T00:00:00Z");
        assertThat(fast(far)).isEqualTo("\"" + Json.time(far) + "\"");
    }

    @Test
    void manifest_times_are_read_back_exactly_as_instant_parse_reads_them() throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(r.nextLong(-62_135_596_800L, 253_402_300_800L), r.nextInt(1_000) * 1_000_000L);
            String text = Json.time(t);
            assertThat(Codec.parseTime(text)).as(text).isEqualTo(Instant.parse(text)).isEqualTo(t);
        }
        for (String other : new String[] {"2026-11-25T21:06:09Z", "2026-11-25T21:06:09.123456Z",
            "+10000-01-01T00:00:00Z", "2024-02-29T23:59:59.999Z"}) {
            assertThat(Codec.parseTime(other)).isEqualTo(Instant.parse(other));
        }
        // odd inputs get exactly Instant.parse's answer, value or exception
        for (String odd : new String[] {"2025-02-30T00:00:00.000Z", "2025-13-01T00:00:00.000Z",
            "2025-01-01T24:00:00.000Z", "2025-0a-01T00:00:00.000Z"}) {
            Object expected;
            try {
                expected = Instant.parse(odd);
            } catch (RuntimeException e) {
                expected = e.getClass();
            }
            Object actual;
            try {
                actual = Codec.parseTime(odd);
            } catch (RuntimeException e) {
                actual = e.getClass();
            }
            assertThat(actual).as(odd).isEqualTo(expected);
        }
    }
}
