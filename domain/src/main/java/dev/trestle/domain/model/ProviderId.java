package dev.trestle.domain.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The four providers, their official host and the paths of the {@code algorithms.md} §1 table. Hosts and auth are
 * code, never data.
 */
public enum ProviderId {
    OPENAI("openai", "OpenAI", "api.openai.com", "/v1/models"),
    ANTHROPIC("anthropic", "Anthropic", "api.anthropic.com", "/v1/models"),
    GOOGLE("google", "Google", "generativelanguage.googleapis.com", "/v1beta/models"),
    MISTRAL("mistral", "Mistral", "api.mistral.ai", "/v1/models");

    private final String id;
    private final String displayName;
    private final String allowlistedHost;
    private final String validationPath;

    ProviderId(String id, String displayName, String allowlistedHost, String validationPath) {
        this.id = id;
        this.displayName = displayName;
        this.allowlistedHost = allowlistedHost;
        this.validationPath = validationPath;
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public String allowlistedHost() {
        return allowlistedHost;
    }

    public String validationPath() {
        return validationPath;
    }

    /** Path of the streaming chat call for a model's API name. */
    public String chatPath(String apiName) {
        return switch (this) {
            case OPENAI -> "/v1/responses";
            case ANTHROPIC -> "/v1/messages";
            case GOOGLE -> "/v1beta/models/" + apiName + ":streamGenerateContent?alt=sse";
            case MISTRAL -> "/v1/chat/completions";
        };
    }

    public static Optional<ProviderId> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
