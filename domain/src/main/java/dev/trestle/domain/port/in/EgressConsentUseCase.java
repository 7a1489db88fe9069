package dev.trestle.domain.port.in;

import dev.trestle.domain.model.ConsentStatus;
import dev.trestle.domain.model.EgressEvent;
import java.util.List;

/** Consent bound to provider + model + endpoint host + scope hash ({@code algorithms.md} §4). */
public interface EgressConsentUseCase {
    ConsentStatus status(String workbenchId);

    void grant(String workbenchId, String providerId, String modelId, String scopeHash, boolean persist);

    void revoke(String workbenchId);

    List<EgressEvent> events(String workbenchId, int limit);
}
