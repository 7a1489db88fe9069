package dev.trestle.domain.model;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The flat file-name rules of {@code storage.md} §5. */
public final class FlatName {
    private static final Pattern RESERVED = Pattern.compile("(?i)^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\\..*)?$");
    private static final Pattern DRIVE_PREFIX = Pattern.compile("^[A-Za-z]:.*");

    private FlatName() {
    }

    /** Empty when the name is acceptable, else a short reason. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("empty name");
        }
        // a UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair 4 for two): short names need no encoding
        if (name.length() > 255 / 3 && name.getBytes(StandardCharsets.UTF_8).length > 255) {
            return Optional.of("name longer than 255 bytes");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("dot name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c == ':') {
                return Optional.of("separator or colon in name");
            }
            if (c <= 0x1F || c == 0x7F) {
                return Optional.of("control character in name");
            }
        }
        char last = name.charAt(name.length() - 1);
        if (last == '.' || last == ' ') {
            return Optional.of("trailing dot or space");
        }
        if (reservedStemLength(name) && RESERVED.matcher(name).matches()) {
            return Optional.of("reserved device name");
        }
        return Optional.empty();
    }

    public static boolean isValid(String name) {
        return problem(name).isEmpty();
    }

    /** A reserved device name is 3 or 4 characters before the first dot: only such names need the pattern. */
    private static boolean reservedStemLength(String name) {
        int dot = name.indexOf('.');
        int stem = dot < 0 ? name.length() : dot;
        return stem == 3 || stem == 4;
    }

    /**
     * Whether a model-proposed path tries to leave the flat sandbox: absolute, drive prefix, a separator, or a dot
     * name ({@code rpc.md} "Proposals").
     */
    public static boolean escapesSandbox(String path) {
        if (path == null) {
            return false;
        }
        return path.startsWith("/") || path.startsWith("\\") || DRIVE_PREFIX.matcher(path).matches()
                || path.contains("/") || path.contains("\\") || path.equals(".") || path.equals("..");
    }

    /**
     * The identity of a name within a Workbench: Unicode NFC, then lower case. Names that differ only in case or in
     * composed vs decomposed spelling ({@code é} as one code point or {@code e} + combining accent) are one file, as on
     * APFS and NTFS.
     */
    public static String foldCase(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) >= 0x80) {
                return Normalizer.normalize(name, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
            }
        }
        // ASCII is already in NFC: a restore or removal folding 10 000 names skips the normalizer
        return name.toLowerCase(Locale.ROOT);
    }
}
