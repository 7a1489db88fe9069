package dev.trestle.domain.model;

import java.util.Objects;

/** One model of the registry ({@code algorithms.md} §1). */
public record ModelEntry(String modelId, ProviderId provider, String displayName, long contextTokensEstimate,
                         String apiName) {
    public ModelEntry {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(apiName, "apiName");
    }

    public boolean supportsFileRead() {
        return true;
    }

    public boolean supportsFileWrite() {
        return true;
    }

    public boolean requiresKey() {
        return true;
    }
}
