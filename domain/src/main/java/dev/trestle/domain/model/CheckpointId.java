package dev.trestle.domain.model;

import java.util.Optional;

/**
 * A checkpoint id: a ULID ({@code docs/spec/rpc.md} §1). Other text names no checkpoint ({@code unknown_checkpoint}).
 * The spec checks that a checkpoint exists only after the Workbench and its state (restore: no Draft, no run —
 * {@code docs/spec/storage.md} §8 step 1), so requests carry {@link #parse}'s result and an empty one is answered
 * {@code unknown_checkpoint} at that step, exactly like a well-formed id that nothing has.
 */
public record CheckpointId(String value) {
    public CheckpointId {
        if (!Ulid.isValid(value)) {
            throw new InvalidInputException("unknown_checkpoint", "no such checkpoint");
        }
    }

    /** The id, or empty when {@code text} cannot be one. */
    public static Optional<CheckpointId> parse(String text) {
        return Ulid.isValid(text) ? Optional.of(new CheckpointId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
