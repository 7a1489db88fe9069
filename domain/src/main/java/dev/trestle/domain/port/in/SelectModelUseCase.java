package dev.trestle.domain.port.in;

import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.ModelId;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.WorkbenchId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The model registry and the selection hierarchy ({@code docs/spec/algorithms.md} §2). */
public interface SelectModelUseCase {
    List<ModelAvailability> listSupported(RequestContext rq);

    ModelEntry capabilities(RequestContext rq, ModelId model);

    String userDefault(RequestContext rq);

    void setUserDefault(RequestContext rq, ModelId model);

    String workbenchDefault(RequestContext rq, WorkbenchId workbench);

    void setWorkbenchDefault(RequestContext rq, ChooseModel command);

    /** Requires a configured, enabled provider; no-op when unchanged. */
    void setActiveModel(RequestContext rq, ChooseModel command);

    record ModelAvailability(ModelEntry model, boolean available) {
    }

    /**
     * A model for a Workbench ({@code WorkbenchSetDefaultModel}, {@code WorkshopSetActiveModel}). {@code model} is
     * empty when the request's text cannot be a model id: answered {@code unknown_model} after the Workbench is found,
     * as for an id the registry does not list.
     */
    record ChooseModel(WorkbenchId workbench, Optional<ModelId> model) {
        public ChooseModel {
            Objects.requireNonNull(workbench, "workbench");
            Objects.requireNonNull(model, "model");
        }
    }
}
