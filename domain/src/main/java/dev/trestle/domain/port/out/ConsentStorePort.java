package dev.trestle.domain.port.out;

import dev.trestle.domain.model.ConsentRecord;
import java.util.Optional;

/** The persisted consent slot, {@code egress_consent.json}. */
public interface ConsentStorePort {
    Optional<ConsentRecord> loadPersisted(String workbenchId);

    void savePersisted(String workbenchId, ConsentRecord record);

    void clearPersisted(String workbenchId);
}
