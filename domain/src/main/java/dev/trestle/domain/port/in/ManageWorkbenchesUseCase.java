package dev.trestle.domain.port.in;

import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.WorkbenchScope;
import dev.trestle.domain.model.WorkbenchView;
import java.util.List;

/** Create, open, list and delete Workbenches. */
public interface ManageWorkbenchesUseCase {
    /** {@code name} may be null (default {@code Untitled Workbench}); returns the new id. */
    String create(RequestContext rq, String name);

    WorkbenchView open(RequestContext rq, String workbenchId);

    /** Newest {@code updated_at} first. */
    List<WorkbenchView> list(RequestContext rq);

    void delete(RequestContext rq, String workbenchId);

    WorkbenchScope scope(RequestContext rq, String workbenchId);
}
