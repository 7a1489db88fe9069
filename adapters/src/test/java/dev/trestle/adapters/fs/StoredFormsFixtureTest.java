package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ConsentRecord;
import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The stored forms of {@code storage.md} §4 stay byte-compatible: the fixtures under {@code stored-forms/} were
 * written by the hand-built codec before the forms became Jackson-annotated records, and every one must read back to
 * the same value and be written again byte for byte (so data dirs written by earlier engines keep working).
 */
class StoredFormsFixtureTest {
    static final Instant T1 = Instant.parse("2026-11-25T21:06:09.123Z");
    static final Instant T2 = Instant.parse("2026-12-06T08:00:00Z");
    static final String WB = "01JAAAAAAAAAAAAAAAAAAAAAA1";
    static final String PROPOSAL = "01JAAAAAAAAAAAAAAAAAAAAAP1";

    static final WorkbenchInfo WORKBENCH = new WorkbenchInfo(WB, "Garden plan \"2027\" <ü>", T1, T2, "openai:gpt-5.2");
    static final WorkbenchInfo WORKBENCH_NO_DEFAULT = new WorkbenchInfo(WB, "W", T1, T1, null);
    static final WorkshopState STATE = new WorkshopState("anthropic:claude-sonnet-4-5", PROPOSAL);
    static final WorkshopState STATE_EMPTY = new WorkshopState(null, null);
    static final DraftInfo DRAFT = new DraftInfo("01JAAAAAAAAAAAAAAAAAAAAAD1", T1, "workshop", PROPOSAL, "gen-3",
            List.of("notes.md", "budget.csv"));
    static final DraftInfo DRAFT_NULLS = new DraftInfo("01JAAAAAAAAAAAAAAAAAAAAAD2", T2, "workshop", null, null,
            List.of());
    static final ConsentRecord CONSENT = new ConsentRecord("openai", "openai:gpt-5.2", "api.openai.com",
            "sha256:abc123", T1, true);
    static final Proposal PROPOSAL_FULL = new Proposal(PROPOSAL, 1, T1, "openai:gpt-5.2", "sha256:def456",
            "Add a shopping list", false, List.of(new Proposal.Write("shopping-list.md", "# List\n\n1. Timber\n")),
            List.of("budget.csv is opaque"));
    static final Proposal PROPOSAL_EMPTY = new Proposal(PROPOSAL, 1, T2, null, null, "", true, List.of(), List.of());

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = StoredFormsFixtureTest.class.getResourceAsStream("/stored-forms/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static <T> void roundTrip(String name, T value, Function<T, byte[]> write, Function<JsonNode, T> read)
            throws IOException {
        byte[] stored = fixture(name);
        assertThat(read.apply(Json.MAPPER.readTree(stored))).as(name + " reads back").isEqualTo(value);
        assertThat(new String(write.apply(value), java.nio.charset.StandardCharsets.UTF_8)).as(name + " bytes")
                .isEqualTo(new String(stored, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void workbench_json() throws IOException {
        roundTrip("workbench.json", WORKBENCH, StoredForms::workbench, StoredForms::workbench);
        roundTrip("workbench-no-default.json", WORKBENCH_NO_DEFAULT, StoredForms::workbench, StoredForms::workbench);
    }

    @Test
    void workshop_state_json() throws IOException {
        roundTrip("workshop_state.json", STATE, StoredForms::workshopState, StoredForms::workshopState);
        roundTrip("workshop_state-empty.json", STATE_EMPTY, StoredForms::workshopState, StoredForms::workshopState);
    }

    @Test
    void draft_json() throws IOException {
        roundTrip("draft.json", DRAFT, StoredForms::draft, StoredForms::draft);
        roundTrip("draft-nulls.json", DRAFT_NULLS, StoredForms::draft, StoredForms::draft);
    }

    @Test
    void consent_json() throws IOException {
        roundTrip("egress_consent.json", Optional.of(CONSENT), c -> StoredForms.consent(c.orElseThrow()), StoredForms::consent);
    }

    @Test
    void proposal_json() throws IOException {
        roundTrip("proposal.json", PROPOSAL_FULL, StoredForms::proposal, StoredForms::proposal);
        roundTrip("proposal-empty.json", PROPOSAL_EMPTY, StoredForms::proposal, StoredForms::proposal);
    }

    @Test
    void markers() throws IOException {
        assertThat(StoredForms.publishMarker("01JAAAAAAAAAAAAAAAAAAAAAD1", "01JAAAAAAAAAAAAAAAAAAAAAC1", T1))
                .isEqualTo(fixture("publish.json"));
        assertThat(StoredForms.restoreMarker("01JAAAAAAAAAAAAAAAAAAAAAC1", "01JAAAAAAAAAAAAAAAAAAAAAC2", T2))
                .isEqualTo(fixture("restore.json"));
    }
}
