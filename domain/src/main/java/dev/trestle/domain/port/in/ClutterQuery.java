package dev.trestle.domain.port.in;

import dev.trestle.domain.model.ClutterState;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.WorkbenchId;

/** The clutter signal for a Workbench's active model. */
public interface ClutterQuery {
    ClutterState clutter(RequestContext rq, WorkbenchId workbench);
}
