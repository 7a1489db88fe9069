package dev.trestle.domain.port.out;

import dev.trestle.domain.model.TokenRatio;
import java.util.Map;

/**
 * The learned ratio of provider-reported input tokens to the local base count, per model id, kept across restarts
 * ({@code storage.md} §2, {@code token_calibration.json}). Reads never fail: a missing or unreadable store is empty.
 */
public interface TokenCalibrationPort {
    /** Every stored ratio by model id. */
    Map<String, TokenRatio> loadAll();

    /** Stores {@code ratio} for {@code modelId}, replacing any earlier one; other models' ratios are kept. */
    void save(String modelId, TokenRatio ratio);
}
