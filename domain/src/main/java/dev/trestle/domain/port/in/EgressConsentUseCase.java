package dev.trestle.domain.port.in;

import dev.trestle.domain.model.ConsentStatus;
import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.model.RequestContext;
import java.util.List;

/** Consent bound to provider + model + endpoint host + scope hash ({@code docs/spec/algorithms.md} §4). */
public interface EgressConsentUseCase {
    ConsentStatus status(RequestContext rq, String workbenchId);

    void grant(RequestContext rq, String workbenchId, String providerId, String modelId, String scopeHash,
               boolean persist);

    void revoke(RequestContext rq, String workbenchId);

    List<EgressEvent> events(RequestContext rq, String workbenchId, int limit);
}
