package dev.trestle.domain.port.in.planted;

import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.WorkbenchId;
import java.util.List;

/** Test-only: an in-port that takes typed values (a list of text is a collection, not an id). */
public interface PlantedTypedUseCase {
    void open(RequestContext rq, WorkbenchId workbench);

    void add(RequestContext rq, WorkbenchId workbench, List<String> sourcePaths);
}
