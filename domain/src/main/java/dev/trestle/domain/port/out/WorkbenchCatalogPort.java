package dev.trestle.domain.port.out;

import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import java.util.List;
import java.util.Optional;

/** Workbench folders and their {@code workbench.json} / {@code workshop_state.json}. */
public interface WorkbenchCatalogPort {
    /** Creates the folder layout with empty Published, manifest and conversation. */
    void create(WorkbenchInfo info, WorkshopState state);

    /** Readable workbenches; unreadable folders are skipped (and logged). */
    List<WorkbenchInfo> list();

    /** Empty for an unknown id; {@code FILE_READ_FAILED} for a corrupt or future-version file. */
    Optional<WorkbenchInfo> load(String workbenchId);

    void save(WorkbenchInfo info);

    Optional<WorkshopState> loadWorkshopState(String workbenchId);

    void saveWorkshopState(String workbenchId, WorkshopState state);

    /** Removes the whole folder (checkpoints, store and persisted consent included). */
    void delete(String workbenchId);

    /** Absolute path of the Workbench folder, for clients to read. */
    String sandboxRoot(String workbenchId);
}
