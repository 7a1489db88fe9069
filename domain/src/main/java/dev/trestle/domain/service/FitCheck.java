package dev.trestle.domain.service;

import dev.trestle.domain.model.Clutter;
import dev.trestle.domain.model.ClutterItem;
import dev.trestle.domain.model.ClutterState;
import dev.trestle.domain.model.ErrorAction;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TrestleException;
import java.util.List;

/**
 * The fit check before every send ({@code algorithms.md} §6.4): a request whose estimate, widened by its error band,
 * exceeds the usable window (window minus the output reserve) is refused with {@code CONTEXT_EXHAUSTED} before
 * anything leaves the machine. The detail gives the numbers and the largest items; the actions offer to remove files
 * or switch to a model with a larger window.
 */
final class FitCheck {
    /** Items named in the refusal. */
    static final int NAMED_ITEMS = 3;

    private FitCheck() {
    }

    /** Whether {@code state} fits its usable window with its error band to spare. */
    static boolean fits(ClutterState state) {
        double high = state.usageTokensEstimate() * (1 + state.errorBandPercent() / 100.0);
        return high <= state.usableTokens();
    }

    static void require(ClutterState state, ModelEntry model, String subphase, String workbenchId) {
        if (fits(state)) {
            return;
        }
        StringBuilder detail = new StringBuilder("context_exhausted: the request is about ")
                .append(state.usageTokensEstimate()).append(" tokens (").append(state.source().wire())
                .append(", ±").append(trim(state.errorBandPercent())).append(" %) but only ")
                .append(state.usableTokens()).append(" fit (window ").append(state.contextTokensEstimate())
                .append(" minus ").append(state.reservedOutputTokens()).append(" reserved for the reply); largest: ");
        List<ClutterItem> largest = Clutter.largest(state, NAMED_ITEMS);
        for (int i = 0; i < largest.size(); i++) {
            ClutterItem item = largest.get(i);
            if (i > 0) {
                detail.append(", ");
            }
            detail.append(item.kind() == ClutterItem.Kind.FILE ? item.path() : item.kind().wire()).append(' ')
                    .append(item.tokens());
        }
        throw new TrestleException(ErrorInfo.of(ErrorCode.CONTEXT_EXHAUSTED, Phase.WORKSHOP).withSubphase(subphase)
                .withProvider(model.provider().id()).withModel(model.modelId()).withWorkbench(workbenchId)
                .withRetryable(false).withActions(List.of(ErrorAction.REMOVE_FILES, ErrorAction.SWITCH_MODEL))
                .withDetail(detail.toString()));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
