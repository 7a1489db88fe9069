package dev.trestle.domain.model;

import java.util.List;

/**
 * A provider-neutral chat request; provider clients turn it into each vendor's wire format. {@code files} names the
 * Workbench files whose content is in {@code systemText} (for the egress receipt), never their content.
 */
public record ChatRequest(String apiModelName, String systemText, List<Message> messages, List<SentFile> files) {
    public ChatRequest {
        messages = List.copyOf(messages);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** A request that carries no Workbench file content. */
    public ChatRequest(String apiModelName, String systemText, List<Message> messages) {
        this(apiModelName, systemText, messages, List.of());
    }

    /** The same request with other messages (same system text, so the same files). */
    public ChatRequest withMessages(List<Message> value) {
        return new ChatRequest(apiModelName, systemText, value, files);
    }

    public enum Role { USER, ASSISTANT }

    public record Message(Role role, String text) {
    }
}
