package dev.trestle.domain.port.in;

import dev.trestle.domain.model.ConsentStatus;
import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.model.InvalidInputException;
import dev.trestle.domain.model.ModelId;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.WorkbenchId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Consent bound to provider + model + endpoint host + scope hash ({@code docs/spec/algorithms.md} §4). */
public interface EgressConsentUseCase {
    ConsentStatus status(RequestContext rq, WorkbenchId workbench);

    void grant(RequestContext rq, GrantConsent command);

    void revoke(RequestContext rq, WorkbenchId workbench);

    List<EgressEvent> events(RequestContext rq, ListEgressEvents query);

    /**
     * {@code EgressGrantWorkshopConsent}. {@code model} is empty when the request's text cannot be a model id
     * (answered {@code unknown_model} in the spec's order: after the Workbench); the scope hash is compared with the
     * Workbench's, so any text is carried as given.
     */
    record GrantConsent(WorkbenchId workbench, ProviderId provider, Optional<ModelId> model, String scopeHash,
                        boolean persist) {
        public GrantConsent {
            Objects.requireNonNull(workbench, "workbench");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(scopeHash, "scopeHash");
        }
    }

    /** {@code EgressListEvents}: the last {@code limit} events, oldest first ({@code limit} ≥ 0). */
    record ListEgressEvents(WorkbenchId workbench, int limit) {
        public ListEgressEvents {
            Objects.requireNonNull(workbench, "workbench");
            if (limit < 0) {
                throw new InvalidInputException("invalid_params", "limit");
            }
        }

        /** Every event. */
        public static ListEgressEvents all(WorkbenchId workbench) {
            return new ListEgressEvents(workbench, Integer.MAX_VALUE);
        }
    }
}
