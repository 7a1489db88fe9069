package dev.trestle.domain.port.in;

import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.RequestContext;
import java.util.List;

/** The model registry and the selection hierarchy ({@code docs/spec/algorithms.md} §2). */
public interface SelectModelUseCase {
    List<ModelAvailability> listSupported(RequestContext rq);

    ModelEntry capabilities(RequestContext rq, String modelId);

    String userDefault(RequestContext rq);

    void setUserDefault(RequestContext rq, String modelId);

    String workbenchDefault(RequestContext rq, String workbenchId);

    void setWorkbenchDefault(RequestContext rq, String workbenchId, String modelId);

    /** Requires a configured, enabled provider; no-op when unchanged. */
    void setActiveModel(RequestContext rq, String workbenchId, String modelId);

    record ModelAvailability(ModelEntry model, boolean available) {
    }
}
