package dev.trestle.domain.port.in.planted;

import dev.trestle.domain.model.RequestContext;

/** Test-only: an in-port that takes a raw id, which {@code InPortTypesTest} must refuse. */
public interface PlantedStringUseCase {
    void open(RequestContext rq, String workbenchId);
}
