package dev.trestle.domain.fakes;

import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.ModelRegistry;
import dev.trestle.domain.model.ProviderId;
import java.util.List;
import java.util.Map;

/** The registry of {@code algorithms.md} §1 as test data (the adapters load the same from their resource). */
public final class TestRegistry {
    public static final String GPT = "openai:gpt-5.2";
    public static final String SONNET = "anthropic:claude-sonnet-4-6";
    public static final String OPUS = "anthropic:claude-opus-4-6";
    public static final String GEMINI = "google:gemini-3-pro-preview";
    public static final String MISTRAL = "mistral:mistral-large";
    public static final String OPUS_ALIAS = "anthropic:claude-opus-4.5";
    /** The id the registry used before issue 10 (Google serves {@code gemini-3-pro-preview}). */
    public static final String GEMINI_ALIAS = "google:gemini-3-pro";

    private TestRegistry() {
    }

    /** The five models in registry order. */
    public static List<ModelEntry> models() {
        return List.of(
                new ModelEntry(GPT, ProviderId.OPENAI, "OpenAI GPT-5.2", 200_000, "gpt-5.2"),
                new ModelEntry(SONNET, ProviderId.ANTHROPIC, "Anthropic Claude Sonnet 4.6", 200_000,
                        "claude-sonnet-4-6"),
                new ModelEntry(OPUS, ProviderId.ANTHROPIC, "Anthropic Claude Opus 4.6", 200_000, "claude-opus-4-6"),
                new ModelEntry(GEMINI, ProviderId.GOOGLE, "Google Gemini 3 Pro (preview)", 1_000_000,
                        "gemini-3-pro-preview"),
                new ModelEntry(MISTRAL, ProviderId.MISTRAL, "Mistral Large", 128_000, "mistral-large-latest"));
    }

    public static ModelRegistry standard() {
        return ModelRegistry.of(models(), Map.of(OPUS_ALIAS, OPUS, GEMINI_ALIAS, GEMINI));
    }
}
