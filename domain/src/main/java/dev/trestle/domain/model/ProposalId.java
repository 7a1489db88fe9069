package dev.trestle.domain.model;

import java.util.Optional;

/**
 * A proposal id: a ULID ({@code docs/spec/rpc.md} §1). Other text names no proposal ({@code unknown_proposal}).
 * Existence is checked after the Workbench's state (apply: no Draft first), so requests carry {@link #parse}'s result
 * and an empty one is answered {@code unknown_proposal} at that step, like a well-formed id that nothing has.
 */
public record ProposalId(String value) {
    public ProposalId {
        if (!Ulid.isValid(value)) {
            throw new InvalidInputException("unknown_proposal", "no such proposal");
        }
    }

    /** The id, or empty when {@code text} cannot be one. */
    public static Optional<ProposalId> parse(String text) {
        return Ulid.isValid(text) ? Optional.of(new ProposalId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
