package dev.trestle.domain.port.in;

import dev.trestle.domain.model.AddResult;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.RemoveResult;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.WorkbenchId;
import java.util.List;
import java.util.Objects;

/** Add and remove Published files. */
public interface ManageFilesUseCase {
    List<FileEntry> list(RequestContext rq, WorkbenchId workbench);

    List<AddResult> add(RequestContext rq, AddFiles command);

    List<RemoveResult> remove(RequestContext rq, RemoveFiles command);

    /**
     * {@code WorkbenchFilesAdd}: absolute source paths in request order. Each path is judged on its own and reported
     * in its {@code AddResult} ({@code invalid_path}, …), so the list is carried as given.
     */
    record AddFiles(WorkbenchId workbench, List<String> sourcePaths) {
        public AddFiles {
            Objects.requireNonNull(workbench, "workbench");
            sourcePaths = List.copyOf(sourcePaths);
        }
    }

    /**
     * {@code WorkbenchFilesRemove}: Workbench file names. The removal rules (valid names, case-insensitive match,
     * duplicates, not found) are {@code RemovalPlan}'s, decided against the manifest.
     */
    record RemoveFiles(WorkbenchId workbench, List<String> workbenchPaths) {
        public RemoveFiles {
            Objects.requireNonNull(workbench, "workbench");
            workbenchPaths = List.copyOf(workbenchPaths);
        }
    }
}
