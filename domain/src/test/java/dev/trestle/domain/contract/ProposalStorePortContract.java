package dev.trestle.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.port.out.ProposalStorePort;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ProposalStorePort} must do: a saved proposal loads back equal, and as the JSON tree apply checks. */
public abstract class ProposalStorePortContract {
    protected static final String W1 = "01JAAAAAAAAAAAAAAAAAAAAAA1";
    protected static final String W2 = "01JAAAAAAAAAAAAAAAAAAAAAA2";
    protected static final String P1 = "01JAAAAAAAAAAAAAAAAAAAAAP1";
    protected static final Proposal PROPOSAL = new Proposal(P1, 1, Instant.parse("2025-06-01T10:00:00.250Z"),
            "openai:gpt-5.2", "ab12", "Adds a summary", false,
            List.of(new Proposal.Write("summary.md", "# Summary\n\"quoted\" ü")), List.of("check the totals"));

    protected ProposalStorePort port;

    protected abstract ProposalStorePort newPort();

    /** Creates whatever a Workbench needs to exist for this store; nothing by default. */
    protected void prepareWorkbench(String workbenchId) {
    }

    @BeforeEach
    void createPort() {
        port = newPort();
        prepareWorkbench(W1);
        prepareWorkbench(W2);
    }

    @Test
    void a_saved_proposal_loads_back_equal_in_its_own_workbench_only() {
        port.save(W1, PROPOSAL);
        assertThat(port.load(W1, P1)).contains(PROPOSAL);
        assertThat(port.load(W2, P1)).isEmpty();
        assertThat(port.load(W1, "01JAAAAAAAAAAAAAAAAAAAAAP2")).isEmpty();
    }

    @Test
    void the_tree_carries_what_apply_validates() {
        port.save(W1, PROPOSAL);
        Object tree = port.loadTree(W1, P1).orElseThrow();
        assertThat(tree).isInstanceOf(Map.class);
        Map<?, ?> root = (Map<?, ?>) tree;
        assertThat(root.get("summary")).isEqualTo("Adds a summary");
        assertThat(root.get("no_changes")).isEqualTo(false);
        assertThat((List<?>) root.get("writes")).singleElement().isEqualTo(
                Map.of("path", "summary.md", "content", "# Summary\n\"quoted\" ü"));
        assertThat(port.loadTree(W2, P1)).isEmpty();
    }
}
