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
}
