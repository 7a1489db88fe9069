package dev.trestle.cli.output;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Human renderings of sizes, engine times and the clutter score. */
public final class Formats {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    /** Cells of the clutter bar. */
    public static final int BAR_CELLS = 20;

    private Formats() {
    }

    /** Binary units, one decimal above bytes: {@code 0 B}, {@code 999 B}, {@code 1.5 KiB}, {@code 25.0 MiB}. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** An engine time (RFC 3339) in the given zone as {@code yyyy-MM-dd HH:mm:ss}; unparseable text is shown as is. */
    public static String time(String rfc3339, ZoneId zone) {
        if (rfc3339 == null || rfc3339.isEmpty()) {
            return "";
        }
        try {
            return LOCAL.format(Instant.parse(rfc3339).atZone(zone));
        } catch (DateTimeParseException e) {
            return rfc3339;
        }
    }

    /**
     * The clutter score as a bar of {@value #BAR_CELLS} cells, then level and percent:
     * {@code [██████░░░░░░░░░░░░░░] Moderate 31%}. Scores outside 0..1 are clamped for the bar, not for the percent.
     */
    public static String clutterBar(double score, String level) {
        double clamped = Double.isNaN(score) ? 0 : Math.max(0, Math.min(1, score));
        int filled = (int) Math.round(clamped * BAR_CELLS);
        if (filled == 0 && clamped > 0) {
            filled = 1;
        }
        long percent = Double.isNaN(score) ? 0 : Math.round(score * 100);
        return "[" + "█".repeat(filled) + "░".repeat(BAR_CELLS - filled) + "] " + level + " " + percent + "%";
    }

    /** "yes"/"no". */
    public static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
