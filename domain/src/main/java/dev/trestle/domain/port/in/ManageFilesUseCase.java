package dev.trestle.domain.port.in;

import dev.trestle.domain.model.AddResult;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.RemoveResult;
import java.util.List;

/** Add and remove Published files. */
public interface ManageFilesUseCase {
    List<FileEntry> list(String workbenchId);

    List<AddResult> add(String workbenchId, List<String> sourcePaths);

    List<RemoveResult> remove(String workbenchId, List<String> workbenchPaths);
}
