package dev.trestle.domain.port.in;

import dev.trestle.domain.model.ClutterState;

/** The clutter signal for a Workbench's active model. */
public interface ClutterQuery {
    ClutterState clutter(String workbenchId);
}
