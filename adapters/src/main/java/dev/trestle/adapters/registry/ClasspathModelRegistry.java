package dev.trestle.adapters.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.ModelRegistry;
import dev.trestle.domain.model.ProviderId;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the model registry from the {@code model-registry.json} resource of this module ({@code algorithms.md} §1);
 * it is never read from the data directory. A broken resource is a packaging defect: {@link #load()} then throws
 * {@link IllegalStateException} naming the broken rule.
 */
public final class ClasspathModelRegistry {
    public static final String RESOURCE = "/model-registry.json";

    private ClasspathModelRegistry() {
    }

    public static ModelRegistry load() {
        try (InputStream in = ClasspathModelRegistry.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("model registry resource " + RESOURCE + " is missing");
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("model registry resource could not be read", e);
        }
    }

    /** Parses and validates registry JSON ({@code {schema_version: 1, models: [...], aliases: {...}}}). */
    public static ModelRegistry parse(byte[] json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("model registry is not valid JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalStateException("model registry is not a JSON object");
        }
        if (root.path("schema_version").asInt(-1) != 1) {
            throw new IllegalStateException("model registry schema_version must be 1");
        }
        JsonNode modelsNode = root.path("models");
        if (!modelsNode.isArray()) {
            throw new IllegalStateException("model registry has no models array");
        }
        List<ModelEntry> models = new ArrayList<>();
        for (JsonNode m : modelsNode) {
            String modelId = requiredText(m, "model_id");
            String providerId = requiredText(m, "provider_id");
            ProviderId provider = ProviderId.parse(providerId).orElseThrow(
                    () -> new IllegalStateException("model registry: model " + modelId + " names unknown provider " + providerId));
            JsonNode window = m.path("context_tokens_estimate");
            if (!window.isIntegralNumber()) {
                throw new IllegalStateException("model registry: model " + modelId + " lacks an integer context_tokens_estimate");
            }
            models.add(new ModelEntry(modelId, provider, requiredText(m, "display_name"), window.asLong(),
                    requiredText(m, "api_name")));
        }
        Map<String, String> aliases = new LinkedHashMap<>();
        JsonNode aliasNode = root.path("aliases");
        if (!aliasNode.isMissingNode() && !aliasNode.isObject()) {
            throw new IllegalStateException("model registry aliases must be an object");
        }
        for (Map.Entry<String, JsonNode> a : aliasNode.properties()) {
            if (!a.getValue().isTextual()) {
                throw new IllegalStateException("model registry: alias " + a.getKey() + " must name a model id");
            }
            aliases.put(a.getKey(), a.getValue().asText());
        }
        try {
            return ModelRegistry.of(models, aliases);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("model registry is invalid: " + e.getMessage(), e);
        }
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalStateException("model registry entry lacks text field " + field);
        }
        return v.asText();
    }
}
