package dev.trestle.domain.port.in;

import dev.trestle.domain.model.InvalidInputException;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.WorkbenchId;
import dev.trestle.domain.model.WorkbenchScope;
import dev.trestle.domain.model.WorkbenchView;
import java.util.List;

/** Create, open, list and delete Workbenches. */
public interface ManageWorkbenchesUseCase {
    /** Returns the new id. */
    String create(RequestContext rq, CreateWorkbench command);

    WorkbenchView open(RequestContext rq, WorkbenchId workbench);

    /** Newest {@code updated_at} first. */
    List<WorkbenchView> list(RequestContext rq);

    void delete(RequestContext rq, WorkbenchId workbench);

    WorkbenchScope scope(RequestContext rq, WorkbenchId workbench);

    /**
     * {@code WorkbenchCreate}: {@code name} trimmed, 1–120 characters without control characters; null gives
     * {@code Untitled Workbench}. Anything else is refused ({@code invalid_params}).
     */
    record CreateWorkbench(String name) {
        public static final String DEFAULT_NAME = "Untitled Workbench";
        public static final int MAX_NAME = 120;

        public CreateWorkbench {
            name = name == null ? DEFAULT_NAME : name.trim();
            if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
                throw new InvalidInputException("invalid_params", "name must be 1-120 printable characters");
            }
        }
    }
}
