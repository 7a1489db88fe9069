package dev.trestle.domain.port.out;

import dev.trestle.domain.model.ModelEntry;

/**
 * Counts tokens locally in the engine's base encoding (o200k_base), the way the prompt will be tokenised by a model
 * whose own tokenizer it is; for other models the count is calibrated by the domain ({@code algorithms.md} §6).
 */
public interface TokenCounterPort {
    /** Tokens of {@code text} in the base encoding; special-token markers count as ordinary text. */
    int count(String text);

    /** Whether the base encoding is {@code model}'s own tokenizer, so a count is exact rather than calibrated. */
    boolean isExactFor(ModelEntry model);
}
