package dev.trestle.adapters.fs;

import dev.trestle.domain.model.ConsentRecord;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.port.out.ConsentStorePort;
import java.io.IOException;
import java.util.Optional;

/** The persisted egress consent of each Workbench, {@code meta/egress_consent.json}. */
public final class FileSystemConsentStore implements ConsentStorePort {
    private final WorkbenchDirs dirs;

    FileSystemConsentStore(WorkbenchDirs dirs) {
        this.dirs = dirs;
    }

    @Override
    public Optional<ConsentRecord> loadPersisted(String workbenchId) {
        WorkbenchDir d = dirs.ready(workbenchId, Phase.WORKSHOP);
        return Codec.read(d.consent(), StoredForms.CONSENT_SCHEMA, Phase.WORKSHOP)
                .flatMap(n -> JsonFiles.parse(n, StoredForms::consent, "egress_consent.json", Phase.WORKSHOP));
    }

    @Override
    public void savePersisted(String workbenchId, ConsentRecord record) {
        WorkbenchDir d = dirs.ready(workbenchId, Phase.WORKSHOP);
        JsonFiles.write(d.consent(), StoredForms.consent(record), Phase.WORKSHOP);
    }

    @Override
    public void clearPersisted(String workbenchId) {
        WorkbenchDir d = dirs.ready(workbenchId, Phase.WORKSHOP);
        try {
            FsUtil.deleteIfExists(d.consent());
        } catch (IOException e) {
            throw FsErrors.write(Phase.WORKSHOP, "consent clear failed", e);
        }
    }
}
