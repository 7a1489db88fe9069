package dev.trestle.domain.fakes;

import dev.trestle.domain.model.ConsentRecord;
import dev.trestle.domain.port.out.ConsentStorePort;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The persisted consent slot per Workbench, in memory. */
public final class InMemoryConsentStore implements ConsentStorePort {
    private final Map<String, ConsentRecord> slots = new HashMap<>();

    @Override
    public synchronized Optional<ConsentRecord> loadPersisted(String workbenchId) {
        return Optional.ofNullable(slots.get(workbenchId));
    }

    @Override
    public synchronized void savePersisted(String workbenchId, ConsentRecord record) {
        slots.put(workbenchId, record);
    }

    @Override
    public synchronized void clearPersisted(String workbenchId) {
        slots.remove(workbenchId);
    }
}
