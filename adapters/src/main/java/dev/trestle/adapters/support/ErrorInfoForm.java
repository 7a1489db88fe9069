package dev.trestle.adapters.support;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.domain.model.ErrorAction;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one stored form of an {@code ErrorInfo} ({@code errors.md} §1), used by every file that keeps one: conversation
 * lines, the Workbench event log, {@code settings.json}'s {@code last_error} and {@code engine.log}. Code, phase and
 * actions stay strings here so that a value this engine does not know (written by a newer one) makes only the
 * {@code ErrorInfo} unreadable ({@link #read} gives null), never the line or file around it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"error_code", "phase", "retryable", "actions", "subphase", "provider_id", "model_id",
    "workbench_id", "endpoint_host", "scope_hash", "retry_after_seconds", "detail", "detail_ref", "tokens_requested",
    "tokens_limit"})
public record ErrorInfoForm(String errorCode, String phase, boolean retryable, List<String> actions, String subphase,
                            String providerId, String modelId, String workbenchId, String endpointHost,
                            String scopeHash, Long retryAfterSeconds, String detail, String detailRef,
                            Long tokensRequested, Long tokensLimit) {

    public static ErrorInfoForm of(ErrorInfo e) {
        return new ErrorInfoForm(e.errorCode().name(), e.phase().wire(), e.retryable(),
                e.actions().stream().map(ErrorAction::wire).toList(), e.subphase(), e.providerId(), e.modelId(),
                e.workbenchId(), e.endpointHost(), e.scopeHash(), e.retryAfterSeconds(), e.detail(), e.detailRef(),
                e.tokensRequested(), e.tokensLimit());
    }

    /** {@code e}'s stored form as a JSON object, for a file whose other fields are built as a tree. */
    public static ObjectNode tree(ErrorInfo e) {
        return Json.MAPPER.valueToTree(of(e));
    }

    /** Reads an {@code ErrorInfo}: null when {@code n} is absent, not an object, or does not fit (unknown values). */
    public static ErrorInfo read(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        try {
            return Json.MAPPER.treeToValue(n, ErrorInfoForm.class).info();
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    private ErrorInfo info() {
        List<ErrorAction> list = new ArrayList<>();
        for (String a : actions == null ? List.<String>of() : actions) {
            list.add(ErrorAction.valueOf(String.valueOf(a).toUpperCase(Locale.ROOT)));
        }
        return new ErrorInfo(ErrorCode.valueOf(String.valueOf(errorCode)),
                Phase.valueOf(String.valueOf(phase).toUpperCase(Locale.ROOT)), retryable, list, subphase, providerId,
                modelId, workbenchId, endpointHost, scopeHash, retryAfterSeconds, detail, detailRef, tokensRequested,
                tokensLimit);
    }
}
