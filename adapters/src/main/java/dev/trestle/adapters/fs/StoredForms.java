package dev.trestle.adapters.fs;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ConsentRecord;
import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.FlatName;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;

/**
 * The small stored JSON forms of {@code storage.md} §4 ({@code workbench.json}, {@code workshop_state.json},
 * {@code draft.json}, the publish and restore markers, {@code egress_consent.json}, proposals) as Jackson-annotated
 * records: {@code snake_case} names, component order, absent optional fields, and times through Jackson's
 * {@link JavaTimeModule} as RFC 3339 UTC with milliseconds ({@code rpc.md} §1). The bytes are those the earlier
 * hand-built codec wrote ({@code StoredFormsFixtureTest}). The conversation and egress lines are in {@link LineForms};
 * the checkpoint manifest and {@code files.json} have their own chunked encoding ({@link ManifestCodec}).
 */
final class StoredForms {
    static final int WORKBENCH_SCHEMA = 1;
    static final int STATE_SCHEMA = 1;
    static final int CONSENT_SCHEMA = 2;
    static final int PROPOSAL_SCHEMA = 1;

    /** The adapters' Jackson setup plus snake_case names and {@code java.time}. */
    static final ObjectMapper MAPPER = Json.MAPPER.copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(new JavaTimeModule());

    static {
        MAPPER.configOverride(Instant.class).setFormat(JsonFormat.Value.forPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX")
                .withTimeZone(TimeZone.getTimeZone("UTC")));
    }

    private StoredForms() {
    }

    private static byte[] bytes(Object form) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(form);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored form always serialises", e);
        }
    }

    /** {@code n} as {@code type}; {@link IllegalArgumentException} (a corrupt file to the caller) when it does not fit. */
    private static <T> T form(JsonNode n, Class<T> type) {
        try {
            return MAPPER.treeToValue(n, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName(), e);
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value;
    }

    // ---- workbench.json / workshop_state.json

    @JsonPropertyOrder({"schema_version", "id", "name", "created_at", "updated_at", "default_model_id"})
    record WorkbenchForm(Integer schemaVersion, String id, String name, Instant createdAt, Instant updatedAt,
                         String defaultModelId) {
        WorkbenchInfo info() {
            Instant created = required(createdAt, "created_at");
            return new WorkbenchInfo(required(id, "id"), required(name, "name"), created,
                    updatedAt == null ? created : updatedAt, defaultModelId);
        }
    }

    static byte[] workbench(WorkbenchInfo info) {
        return bytes(new WorkbenchForm(WORKBENCH_SCHEMA, info.id(), info.name(), info.createdAt(), info.updatedAt(),
                info.defaultModelId()));
    }

    static WorkbenchInfo workbench(JsonNode n) {
        return form(n, WorkbenchForm.class).info();
    }

    @JsonPropertyOrder({"schema_version", "active_model_id", "pending_proposal_id"})
    record WorkshopStateForm(Integer schemaVersion, String activeModelId, String pendingProposalId) {
    }

    static byte[] workshopState(WorkshopState s) {
        return bytes(new WorkshopStateForm(STATE_SCHEMA, s.activeModelId(), s.pendingProposalId()));
    }

    static WorkshopState workshopState(JsonNode n) {
        WorkshopStateForm f = form(n, WorkshopStateForm.class);
        return new WorkshopState(f.activeModelId(), f.pendingProposalId());
    }

    // ---- draft.json, markers

    /** {@code source_ref} and {@code published_generation} are written even when null. */
    @JsonPropertyOrder({"draft_id", "created_at", "source_kind", "source_ref", "published_generation", "written"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DraftForm(String draftId, Instant createdAt, String sourceKind, String sourceRef,
                     String publishedGeneration, List<String> written) {
        DraftInfo info() {
            List<String> names = written == null ? List.of() : written;
            for (String name : names) {
                if (!FlatName.isValid(name)) {
                    throw new IllegalArgumentException("invalid written name");
                }
            }
            return new DraftInfo(required(draftId, "draft_id"), required(createdAt, "created_at"),
                    Optional.ofNullable(sourceKind).orElse("workshop"), sourceRef, publishedGeneration, names);
        }
    }

    static byte[] draft(DraftInfo d) {
        return bytes(new DraftForm(d.draftId(), d.createdAt(), d.sourceKind(), d.sourceRef(),
                d.publishedGeneration(), d.written()));
    }

    static DraftInfo draft(JsonNode n) {
        return form(n, DraftForm.class).info();
    }

    @JsonPropertyOrder({"draft_id", "checkpoint_id", "created_at"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PublishMarker(String draftId, String checkpointId, Instant createdAt) {
    }

    static byte[] publishMarker(String draftId, String checkpointId, Instant at) {
        return bytes(new PublishMarker(draftId, checkpointId, at));
    }

    @JsonPropertyOrder({"checkpoint_id", "pre_restore_checkpoint_id", "created_at"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RestoreMarker(String checkpointId, String preRestoreCheckpointId, Instant createdAt) {
    }

    static byte[] restoreMarker(String checkpointId, String preRestoreId, Instant at) {
        return bytes(new RestoreMarker(checkpointId, preRestoreId, at));
    }

    // ---- egress_consent.json

    @JsonPropertyOrder({"schema_version", "workshop"})
    record ConsentForm(Integer schemaVersion, WorkshopConsent workshop) {
    }

    /** Written only when granted, so {@code persisted} is always true on disk. */
    @JsonPropertyOrder({"provider_id", "model_id", "endpoint_host", "scope_hash", "consented_at", "persisted"})
    record WorkshopConsent(String providerId, String modelId, String endpointHost, String scopeHash,
                           Instant consentedAt, boolean persisted) {
    }

    static byte[] consent(ConsentRecord r) {
        return bytes(new ConsentForm(CONSENT_SCHEMA, new WorkshopConsent(r.providerId(), r.modelId(),
                r.endpointHost(), r.scopeHash(), r.consentedAt(), true)));
    }

    static Optional<ConsentRecord> consent(JsonNode n) {
        JsonNode w = n.get("workshop");
        if (w == null || !w.isObject()) {
            return Optional.empty();
        }
        WorkshopConsent c = form(w, WorkshopConsent.class);
        return Optional.of(new ConsentRecord(c.providerId(), c.modelId(), c.endpointHost(), c.scopeHash(),
                c.consentedAt(), true));
    }

    // ---- proposals/<id>.json

    @JsonPropertyOrder({"proposal_id", "schema_version", "created_at", "model_id", "base_scope_hash", "summary",
        "no_changes", "writes", "warnings"})
    record ProposalForm(String proposalId, Integer schemaVersion, Instant createdAt, String modelId,
                        String baseScopeHash, String summary, Boolean noChanges, List<WriteForm> writes,
                        List<String> warnings) {
        Proposal proposal() {
            List<Proposal.Write> w = writes == null ? List.of() : writes.stream()
                    .map(x -> new Proposal.Write(required(x.path(), "path"), required(x.content(), "content")))
                    .toList();
            return new Proposal(required(proposalId, "proposal_id"),
                    schemaVersion == null ? PROPOSAL_SCHEMA : schemaVersion, required(createdAt, "created_at"),
                    modelId, baseScopeHash, Optional.ofNullable(summary).orElse(""), Boolean.TRUE.equals(noChanges),
                    w, warnings == null ? List.of() : warnings);
        }
    }

    @JsonPropertyOrder({"path", "content"})
    record WriteForm(String path, String content) {
    }

    static byte[] proposal(Proposal p) {
        return bytes(new ProposalForm(p.proposalId(), PROPOSAL_SCHEMA, p.createdAt(), p.modelId(),
                p.baseScopeHash(), p.summary() == null ? "" : p.summary(), p.noChanges(),
                p.writes().stream().map(w -> new WriteForm(w.path(), w.content())).toList(), p.warnings()));
    }

    static Proposal proposal(JsonNode n) {
        return form(n, ProposalForm.class).proposal();
    }
}
