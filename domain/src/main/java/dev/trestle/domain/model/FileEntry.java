package dev.trestle.domain.model;

import java.time.Instant;
import java.util.Objects;

/** One Published file as listed in {@code files.json} ({@code rpc.md} §2). */
public record FileEntry(String path, long size, String sha256, Instant modifiedAt, Instant addedAt, FileKind fileKind,
                        String mimeType) {
    public FileEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(modifiedAt, "modifiedAt");
        Objects.requireNonNull(addedAt, "addedAt");
        Objects.requireNonNull(fileKind, "fileKind");
        Objects.requireNonNull(mimeType, "mimeType");
    }

    /** A new entry classified from its name. */
    public static FileEntry of(String path, long size, String sha256, Instant modifiedAt, Instant addedAt) {
        return new FileEntry(path, size, sha256, modifiedAt, addedAt, FileKind.classify(path), FileKind.mimeType(path));
    }

    public boolean isOpaque() {
        return fileKind.isOpaque();
    }
}
