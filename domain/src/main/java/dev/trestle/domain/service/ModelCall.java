package dev.trestle.domain.service;

import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.model.EgressReceipt;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.port.out.ModelTransportPort;
import java.util.Objects;

/**
 * One logical provider call for {@link ModelCallService}: key validation ({@code modelId} and {@code chat} null) or a
 * chat. {@code guard} runs before every attempt and redirect hop; it re-checks readiness and consent and throws a
 * {@code TrestleException} to stop. The key never appears in {@link #toString()}.
 */
public record ModelCall(ProviderId provider, ModelTransportPort.Kind kind, String modelId, String apiKey,
                        ChatRequest chat, Phase phase, String subphase, AttemptGuard guard, String scopeHash,
                        EgressReceipt.Sink receipts) {

    public ModelCall {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(apiKey, "apiKey");
        if (kind == ModelTransportPort.Kind.CHAT) {
            Objects.requireNonNull(chat, "chat");
            Objects.requireNonNull(modelId, "modelId");
        }
        guard = guard == null ? AttemptGuard.NONE : guard;
        receipts = receipts == null ? EgressReceipt.Sink.NONE : receipts;
    }

    public ModelCall(ProviderId provider, ModelTransportPort.Kind kind, String modelId, String apiKey,
                     ChatRequest chat, Phase phase, String subphase, AttemptGuard guard) {
        this(provider, kind, modelId, apiKey, chat, phase, subphase, guard, null, EgressReceipt.Sink.NONE);
    }

    /** The same call, writing a receipt of every request that leaves to {@code sink} under {@code scope}. */
    public ModelCall withReceipts(String scope, EgressReceipt.Sink sink) {
        return new ModelCall(provider, kind, modelId, apiKey, chat, phase, subphase, guard, scope, sink);
    }

    /** A key validation ({@code ProvidersValidate}: phase {@code settings}, subphase {@code validate_key}). */
    public static ModelCall validation(ProviderId provider, String apiKey, AttemptGuard guard) {
        return new ModelCall(provider, ModelTransportPort.Kind.VALIDATE, null, apiKey, null, Phase.SETTINGS,
                "validate_key", guard);
    }

    /** A Workshop chat (phase {@code workshop}; subphase {@code stream} or {@code proposal}). */
    public static ModelCall chat(ProviderId provider, String modelId, String apiKey, ChatRequest chat,
                                 String subphase, AttemptGuard guard) {
        return new ModelCall(provider, ModelTransportPort.Kind.CHAT, modelId, apiKey, chat, Phase.WORKSHOP, subphase,
                guard);
    }

    /** The request path of the first hop ({@code algorithms.md} §1 table). */
    public String path() {
        return kind == ModelTransportPort.Kind.VALIDATE ? provider.validationPath()
                : provider.chatPath(chat.apiModelName());
    }

    @Override
    public String toString() {
        return "ModelCall[" + provider.id() + " " + kind + (modelId == null ? "" : " " + modelId) + "]";
    }

    /** Re-checked before every attempt and redirect hop; throws {@code TrestleException} to stop the call. */
    @FunctionalInterface
    public interface AttemptGuard {
        AttemptGuard NONE = () -> { };

        void check();
    }
}
