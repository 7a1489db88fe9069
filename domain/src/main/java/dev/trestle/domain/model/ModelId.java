package dev.trestle.domain.model;

import java.util.Optional;

/**
 * A model id as the protocol carries it: {@code provider:model} ({@code docs/spec/algorithms.md} §2), the provider one
 * of the four, the model part printable ASCII without spaces. Other text names no model ({@code unknown_model}, the
 * registry's answer for a well-formed id it does not list). Whether the registry lists it is the service's check;
 * where the spec checks the model after the Workbench, requests carry {@link #parse}'s result.
 */
public record ModelId(String value) {
    public ModelId {
        if (!isWellFormed(value)) {
            throw new InvalidInputException("unknown_model", "not in registry");
        }
    }

    /** The id, or empty when {@code text} cannot be one. */
    public static Optional<ModelId> parse(String text) {
        return isWellFormed(text) ? Optional.of(new ModelId(text)) : Optional.empty();
    }

    /** The provider named before the colon. */
    public ProviderId provider() {
        return ProviderId.parse(value.substring(0, value.indexOf(':'))).orElseThrow();
    }

    private static boolean isWellFormed(String text) {
        if (text == null) {
            return false;
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || ProviderId.parse(text.substring(0, colon)).isEmpty()) {
            return false;
        }
        return text.chars().skip(colon + 1).allMatch(c -> c >= 0x21 && c <= 0x7E);
    }

    @Override
    public String toString() {
        return value;
    }
}
