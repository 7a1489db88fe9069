package dev.trestle.domain.model;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Context windows the vendors themselves stated when they rejected a prompt as too long ("208310 tokens &gt; 200000
 * maximum"), remembered per model id for the life of the engine. They correct the registry's estimate (the clutter
 * denominator) until the registry is updated: {@link #window(ModelEntry)} is the one read the clutter math needs.
 * Thread-safe; the newest statement wins (a vendor that lowers a window is believed).
 */
public final class ObservedContextLimits {
    private final ConcurrentHashMap<String, Long> limits = new ConcurrentHashMap<>();

    /** Records {@code limit} tokens for {@code modelId}; ignores null ids and non-positive limits. */
    public void observe(String modelId, Long limit) {
        if (modelId != null && limit != null && limit > 0) {
            limits.put(modelId, limit);
        }
    }

    /** The limit a vendor stated for this model, if any. */
    public Optional<Long> limitFor(String modelId) {
        return modelId == null ? Optional.empty() : Optional.ofNullable(limits.get(modelId));
    }

    /** The entry with its context window replaced by the stated limit when there is one (else unchanged). */
    public ModelEntry window(ModelEntry model) {
        Long stated = model == null ? null : limits.get(model.modelId());
        if (stated == null || stated == model.contextTokensEstimate()) {
            return model;
        }
        return new ModelEntry(model.modelId(), model.provider(), model.displayName(), stated, model.apiName());
    }
}
