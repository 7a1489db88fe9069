package dev.trestle.domain.model;

import java.util.List;

/**
 * A provider-neutral chat request; provider clients turn it into each vendor's wire format. {@code files} names the
 * Workbench files whose content is in {@code systemText} (for the egress receipt), never their content.
 * {@code maxOutputTokens} is the reply cap every vendor format sends (the output reserve the usable window leaves,
 * decision 20). {@code tokens} is the engine's count of the request's input tokens (null when not counted), an
 * estimate unless {@code tokensExact} (o200k for a model whose tokenizer it is).
 */
public record ChatRequest(String apiModelName, String systemText, List<Message> messages, List<SentFile> files,
                          long maxOutputTokens, Long tokens, boolean tokensExact) {
    public ChatRequest {
        messages = List.copyOf(messages);
        files = files == null ? List.of() : List.copyOf(files);
        if (maxOutputTokens <= 0) {
            throw new IllegalArgumentException("maxOutputTokens must be positive");
        }
    }

    /** A request with the default output reserve and no token count. */
    public ChatRequest(String apiModelName, String systemText, List<Message> messages, List<SentFile> files) {
        this(apiModelName, systemText, messages, files, Clutter.RESERVED_OUTPUT_TOKENS, null, false);
    }

    /** A request that carries no Workbench file content. */
    public ChatRequest(String apiModelName, String systemText, List<Message> messages) {
        this(apiModelName, systemText, messages, List.of());
    }

    /** The same request with other messages (same system text, so the same files) and their token count. */
    public ChatRequest withMessages(List<Message> value, Long newTokens) {
        return new ChatRequest(apiModelName, systemText, value, files, maxOutputTokens, newTokens, tokensExact);
    }

    /**
     * The same request as accounted for: the files with their counted tokens, the reply cap (the output reserve) and
     * the whole request's count.
     */
    public ChatRequest withAccounting(List<SentFile> counted, long maxOutput, long total, boolean exact) {
        return new ChatRequest(apiModelName, systemText, messages, counted, maxOutput, total, exact);
    }

    public enum Role { USER, ASSISTANT }

    public record Message(Role role, String text) {
    }
}
