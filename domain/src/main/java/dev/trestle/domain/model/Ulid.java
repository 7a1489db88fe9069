package dev.trestle.domain.model;

import java.util.regex.Pattern;

/** ULID text form (Crockford base32, 26 characters): 48-bit millisecond time + 80 random bits. */
public final class Ulid {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final Pattern FORM = Pattern.compile("^[0-7][0-9A-HJKMNP-TV-Z]{25}$");

    private Ulid() {
    }

    /** Formats a ULID from a timestamp and 10 random bytes. */
    public static String format(long epochMillis, byte[] random) {
        if (random.length != 10) {
            throw new IllegalArgumentException("ULID needs 10 random bytes");
        }
        char[] out = new char[26];
        long t = epochMillis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (t & 31)];
            t >>>= 5;
        }
        // 80 random bits -> 16 chars
        long hi = 0;
        for (int i = 0; i < 5; i++) {
            hi = (hi << 8) | (random[i] & 0xFF);
        }
        long lo = 0;
        for (int i = 5; i < 10; i++) {
            lo = (lo << 8) | (random[i] & 0xFF);
        }
        for (int i = 7; i >= 0; i--) {
            out[10 + i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 7; i >= 0; i--) {
            out[18 + i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }

    public static boolean isValid(String id) {
        return id != null && FORM.matcher(id).matches();
    }
}
