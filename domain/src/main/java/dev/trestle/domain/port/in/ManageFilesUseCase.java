package dev.trestle.domain.port.in;

import dev.trestle.domain.model.AddResult;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.RemoveResult;
import dev.trestle.domain.model.RequestContext;
import java.util.List;

/** Add and remove Published files. */
public interface ManageFilesUseCase {
    List<FileEntry> list(RequestContext rq, String workbenchId);

    List<AddResult> add(RequestContext rq, String workbenchId, List<String> sourcePaths);

    List<RemoveResult> remove(RequestContext rq, String workbenchId, List<String> workbenchPaths);
}
