package dev.trestle.domain.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/** The scope hash of {@code algorithms.md} §3. */
public final class ScopeHash {
    private ScopeHash() {
    }

    public static String of(Collection<FileEntry> files) {
        List<FileEntry> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(FileEntry::path));
        MessageDigest digest = sha256();
        for (FileEntry e : sorted) {
            digest.update((e.path() + "\n" + e.size() + "\n" + e.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }
}
