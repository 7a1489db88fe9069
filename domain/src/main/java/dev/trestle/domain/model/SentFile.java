package dev.trestle.domain.model;

import java.util.Objects;

/**
 * A Workbench file whose content went into a request body: its name, the content-store blob it came from
 * ({@code sha256}), the bytes of it that were sent (less than the file when the prompt truncated it), and a token
 * count: the tokens of the file's part of the prompt (manifest line, heading and body) as token accounting counts them,
 * exact for a model whose tokenizer is the engine's base encoding (o200k), else calibrated or estimated
 * ({@code tokensEstimated}); bytes / 4 only when no count was taken. Never the content itself.
 */
public record SentFile(String name, String sha256, long bytes, Long tokens, boolean tokensEstimated,
                       boolean truncated) {
    public SentFile {
        Objects.requireNonNull(name, "name");
    }

    /** A file sent with the bytes-per-token estimate. */
    public static SentFile estimated(String name, String sha256, long bytes, boolean truncated) {
        return new SentFile(name, sha256, bytes, (bytes + 3) / 4, true, truncated);
    }

    /** This file with a counted number of tokens. */
    public SentFile withTokens(long value, boolean estimated) {
        return new SentFile(name, sha256, bytes, value, estimated, truncated);
    }
}
