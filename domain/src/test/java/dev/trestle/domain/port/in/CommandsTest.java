package dev.trestle.domain.port.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.domain.model.CheckpointId;
import dev.trestle.domain.model.InvalidInputException;
import dev.trestle.domain.model.ModelId;
import dev.trestle.domain.model.ProposalId;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.WorkbenchId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The in-ports' commands: what each accepts, normalises and refuses in its constructor. */
class CommandsTest {
    private static final WorkbenchId WB = new WorkbenchId("01JAAAAAAAAAAAAAAAAAAAAAA9");
    private static final String ULID = "01JBBBBBBBBBBBBBBBBBBBBBB1";

    private static void refused(Runnable make, String token, String reason) {
        assertThatThrownBy(make::run).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.token()).isEqualTo(token);
            assertThat(e.reason()).isEqualTo(reason);
        });
    }

    @Test
    void a_workbench_name_is_trimmed_defaulted_and_bounded() {
        assertThat(new ManageWorkbenchesUseCase.CreateWorkbench("  Garden  ").name()).isEqualTo("Garden");
        assertThat(new ManageWorkbenchesUseCase.CreateWorkbench(null).name()).isEqualTo("Untitled Workbench");
        assertThat(new ManageWorkbenchesUseCase.CreateWorkbench("x".repeat(120)).name()).hasSize(120);
        for (String bad : new String[] {"", "   ", "x".repeat(121), "bad\u0007name", "tab\there", "del\u007f"}) {
            refused(() -> new ManageWorkbenchesUseCase.CreateWorkbench(bad), "invalid_params",
                    "name must be 1-120 printable characters");
        }
    }

    @Test
    void an_api_key_is_trimmed_and_must_be_printable_ascii_without_spaces() {
        var command = new ProvidersUseCase.SetApiKey(ProviderId.MISTRAL, "  mk-123  ");
        assertThat(command.apiKey()).isEqualTo("mk-123");
        assertThat(command.toString()).doesNotContain("mk-123");
        for (String bad : new String[] {null, "", "   ", "sk bad", "sk\u00e9", "sk\u0000x"}) {
            refused(() -> new ProvidersUseCase.SetApiKey(ProviderId.OPENAI, bad), "invalid_params", "api_key");
        }
        assertThatThrownBy(() -> new ProvidersUseCase.SetApiKey(null, "sk")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void file_lists_are_copied_and_required() {
        List<String> paths = new ArrayList<>(List.of("/a.txt"));
        var add = new ManageFilesUseCase.AddFiles(WB, paths);
        paths.add("/b.txt");
        assertThat(add.sourcePaths()).containsExactly("/a.txt");
        assertThat(new ManageFilesUseCase.RemoveFiles(WB, List.of("a.txt")).workbenchPaths()).containsExactly("a.txt");
        assertThatThrownBy(() -> new ManageFilesUseCase.AddFiles(null, List.of()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ManageFilesUseCase.RemoveFiles(WB, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void an_egress_event_limit_is_not_negative() {
        assertThat(new EgressConsentUseCase.ListEgressEvents(WB, 0).limit()).isZero();
        assertThat(EgressConsentUseCase.ListEgressEvents.all(WB).limit()).isEqualTo(Integer.MAX_VALUE);
        refused(() -> new EgressConsentUseCase.ListEgressEvents(WB, -1), "invalid_params", "limit");
    }

    @Test
    void references_carry_an_empty_id_for_text_that_cannot_be_one() {
        assertThat(new CheckpointsUseCase.RestoreCheckpoint(WB, CheckpointId.parse("nope")).checkpoint()).isEmpty();
        assertThat(new CheckpointsUseCase.CheckpointRef(WB, CheckpointId.parse(ULID)).checkpoint())
                .contains(new CheckpointId(ULID));
        assertThat(new SelectModelUseCase.ChooseModel(WB, ModelId.parse("nope")).model()).isEmpty();
        assertThatThrownBy(() -> new CheckpointsUseCase.RestoreCheckpoint(WB, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ProposeChangesUseCase.ProposalRef(null, Optional.empty()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new EgressConsentUseCase.GrantConsent(WB, ProviderId.OPENAI, Optional.empty(), null,
                false)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void dismissing_without_an_id_clears_whatever_is_pending_and_a_malformed_id_clears_nothing() {
        var any = ProposeChangesUseCase.DismissProposal.of(WB, null);
        assertThat(any.clears(ULID)).isTrue();
        assertThat(any.clears(null)).isFalse();
        var one = ProposeChangesUseCase.DismissProposal.of(WB, ULID);
        assertThat(one.clears(ULID)).isTrue();
        assertThat(one.clears("01JCCCCCCCCCCCCCCCCCCCCCC2")).isFalse();
        var malformed = ProposeChangesUseCase.DismissProposal.of(WB, "nope");
        assertThat(malformed.clears(ULID)).isFalse();
        assertThatThrownBy(() -> new ProposeChangesUseCase.DismissProposal(WB, true,
                Optional.of(new ProposalId(ULID)))).isInstanceOf(IllegalArgumentException.class);
    }
}
