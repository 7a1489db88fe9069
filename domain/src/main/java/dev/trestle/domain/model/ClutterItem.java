package dev.trestle.domain.model;

import java.util.Locale;
import java.util.Objects;

/**
 * One line of the clutter breakdown ({@code rpc.md} §2): the tokens one part of the next request carries. {@code path}
 * is set for {@link Kind#FILE} only; {@code files} is 1 for a file, the number of files folded into
 * {@link Kind#OTHER_FILES}, else 0.
 */
public record ClutterItem(Kind kind, String path, long tokens, int files) {
    public ClutterItem {
        Objects.requireNonNull(kind, "kind");
        if (tokens < 0) {
            throw new IllegalArgumentException("negative tokens");
        }
    }

    public enum Kind {
        /** The fixed instructions, the manifest heading and the request's own framing. */
        SYSTEM,
        /** One Published file: its manifest line and its section (content or placeholder). */
        FILE,
        /** The files beyond the breakdown's listing limit, summed. */
        OTHER_FILES,
        /** User and assistant messages, the pending user message included. */
        CONVERSATION,
        /** Reply text received so far by an active stream. */
        STREAM;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static ClutterItem of(Kind kind, long tokens) {
        return new ClutterItem(kind, null, tokens, 0);
    }

    public static ClutterItem file(String path, long tokens) {
        return new ClutterItem(Kind.FILE, path, tokens, 1);
    }

    public ClutterItem withTokens(long value) {
        return new ClutterItem(kind, path, value, files);
    }
}
