package dev.trestle.domain.model;

import java.util.Optional;

/**
 * A Workbench id as the protocol carries it: a ULID ({@code docs/spec/rpc.md} §1). Any other text names no Workbench,
 * so the constructor refuses it with {@code unknown_workbench} — the answer a well-formed id that nothing has gets
 * too; a Workbench is always the first thing a request looks up, so refusing the form at the edge answers the same.
 */
public record WorkbenchId(String value) {
    public WorkbenchId {
        if (!Ulid.isValid(value)) {
            throw new InvalidInputException("unknown_workbench", "no such workbench");
        }
    }

    /** The id, or empty when {@code text} cannot be one. */
    public static Optional<WorkbenchId> parse(String text) {
        return Ulid.isValid(text) ? Optional.of(new WorkbenchId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
