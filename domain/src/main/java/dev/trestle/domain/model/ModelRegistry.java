package dev.trestle.domain.model;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated model registry: unique ids, id prefix equal to the provider id, known provider, context &gt; 0, every
 * alias targets a model. Order matters: {@link #first()} is the global fallback.
 */
public final class ModelRegistry {
    private final List<ModelEntry> models;
    private final Map<String, ModelEntry> byId;
    private final Map<String, String> aliases;

    private ModelRegistry(List<ModelEntry> models, Map<String, ModelEntry> byId, Map<String, String> aliases) {
        this.models = models;
        this.byId = byId;
        this.aliases = aliases;
    }

    /**
     * Validates raw registry data.
     *
     * @throws IllegalArgumentException naming the first broken rule
     */
    public static ModelRegistry of(List<ModelEntry> models, Map<String, String> aliases) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("registry has no model");
        }
        Map<String, ModelEntry> byId = new LinkedHashMap<>();
        for (ModelEntry m : models) {
            if (byId.putIfAbsent(m.modelId(), m) != null) {
                throw new IllegalArgumentException("duplicate model id " + m.modelId());
            }
            if (!m.modelId().startsWith(m.provider().id() + ":") || m.modelId().length() <= m.provider().id().length() + 1) {
                throw new IllegalArgumentException("model id " + m.modelId() + " does not start with " + m.provider().id() + ":");
            }
            if (m.contextTokensEstimate() <= 0) {
                throw new IllegalArgumentException("model " + m.modelId() + " has no positive context window");
            }
            if (m.apiName().isBlank() || m.displayName().isBlank()) {
                throw new IllegalArgumentException("model " + m.modelId() + " lacks a name");
            }
        }
        Map<String, String> aliasCopy = new HashMap<>();
        for (Map.Entry<String, String> a : aliases.entrySet()) {
            if (!byId.containsKey(a.getValue())) {
                throw new IllegalArgumentException("alias " + a.getKey() + " targets unknown model " + a.getValue());
            }
            if (byId.containsKey(a.getKey())) {
                throw new IllegalArgumentException("alias " + a.getKey() + " shadows a model id");
            }
            aliasCopy.put(a.getKey(), a.getValue());
        }
        return new ModelRegistry(List.copyOf(models), Map.copyOf(byId), Map.copyOf(aliasCopy));
    }

    public List<ModelEntry> models() {
        return models;
    }

    public ModelEntry first() {
        return models.get(0);
    }

    /** The model for an id after alias rewrite; empty for unknown ids. */
    public Optional<ModelEntry> find(String modelId) {
        if (modelId == null) {
            return Optional.empty();
        }
        ModelEntry direct = byId.get(modelId);
        if (direct != null) {
            return Optional.of(direct);
        }
        String target = aliases.get(modelId);
        return target == null ? Optional.empty() : Optional.ofNullable(byId.get(target));
    }

    /** Exact lookup, no alias rewrite (consent records, {@code algorithms.md} §4). */
    public Optional<ModelEntry> findExact(String modelId) {
        return Optional.ofNullable(modelId == null ? null : byId.get(modelId));
    }

    public boolean isValid(String modelId) {
        return find(modelId).isPresent();
    }

    /** Canonical id for a valid id or alias, else {@code null}. */
    public String canonical(String modelId) {
        return find(modelId).map(ModelEntry::modelId).orElse(null);
    }

    public List<ModelEntry> modelsOf(ProviderId provider) {
        return models.stream().filter(m -> m.provider() == provider).toList();
    }
}
