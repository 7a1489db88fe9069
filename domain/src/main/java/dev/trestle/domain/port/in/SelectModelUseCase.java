package dev.trestle.domain.port.in;

import dev.trestle.domain.model.ModelEntry;
import java.util.List;

/** The model registry and the selection hierarchy ({@code algorithms.md} §2). */
public interface SelectModelUseCase {
    List<ModelAvailability> listSupported();

    ModelEntry capabilities(String modelId);

    String userDefault();

    void setUserDefault(String modelId);

    String workbenchDefault(String workbenchId);

    void setWorkbenchDefault(String workbenchId, String modelId);

    /** Requires a configured, enabled provider; no-op when unchanged. */
    void setActiveModel(String workbenchId, String modelId);

    record ModelAvailability(ModelEntry model, boolean available) {
    }
}
