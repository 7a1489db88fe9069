package dev.trestle.domain.model;

import java.util.List;

/** A provider-neutral chat request; provider clients turn it into each vendor's wire format. */
public record ChatRequest(String apiModelName, String systemText, List<Message> messages) {
    public ChatRequest {
        messages = List.copyOf(messages);
    }

    public enum Role { USER, ASSISTANT }

    public record Message(Role role, String text) {
    }
}
