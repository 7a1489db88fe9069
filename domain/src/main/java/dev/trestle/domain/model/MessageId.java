package dev.trestle.domain.model;

import java.util.Optional;

/**
 * A conversation message id: {@code u-} (user), {@code a-} (assistant) or {@code s-} (system) and a ULID
 * ({@code docs/spec/rpc.md} §1). Other text names no message ({@code unknown_message}). The stream check order puts
 * the message after "no Draft" and "no run" ({@code docs/spec/rpc.md} "Check order"), so requests carry
 * {@link #parse}'s result and an empty one is answered {@code unknown_message} at step 3.
 */
public record MessageId(String value) {
    public MessageId {
        if (!isWellFormed(value)) {
            throw new InvalidInputException("unknown_message", "no such user message");
        }
    }

    /** The id, or empty when {@code text} cannot be one. */
    public static Optional<MessageId> parse(String text) {
        return isWellFormed(text) ? Optional.of(new MessageId(text)) : Optional.empty();
    }

    /** Whether this is a user message's id ({@code u-}). */
    public boolean isUser() {
        return value.charAt(0) == 'u';
    }

    private static boolean isWellFormed(String text) {
        return text != null && text.length() == 28 && text.charAt(1) == '-'
                && (text.charAt(0) == 'u' || text.charAt(0) == 'a' || text.charAt(0) == 's')
                && Ulid.isValid(text.substring(2));
    }

    @Override
    public String toString() {
        return value;
    }
}
