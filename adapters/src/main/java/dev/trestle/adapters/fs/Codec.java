package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ConsentRecord;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.FlatName;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The snake_case JSON forms of {@code storage.md} §4 and their readers. */
final class Codec {
    static final int WORKBENCH_SCHEMA = 1;
    static final int STATE_SCHEMA = 1;
    static final int CONSENT_SCHEMA = 2;
    static final int PROPOSAL_SCHEMA = 1;

    private Codec() {
    }

    /**
     * Reads a JSON object file. Empty when the file does not exist; {@code FILE_READ_FAILED} (file untouched) when it
     * is not a JSON object, is a symbolic link, or has a {@code schema_version} newer than {@code maxSchema}.
     */
    static Optional<ObjectNode> read(Path file, int maxSchema, Phase phase) {
        byte[] bytes;
        try {
            if (Files.isSymbolicLink(file)) {
                throw FsErrors.error(ErrorCode.SANDBOX_VIOLATION, phase, "symbolic link in workbench");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw FsErrors.read(phase, "cannot read " + file.getFileName(), e);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw FsErrors.error(ErrorCode.FILE_READ_FAILED, phase, "corrupt " + file.getFileName());
        }
        if (node == null || !node.isObject()) {
            throw FsErrors.error(ErrorCode.FILE_READ_FAILED, phase, "corrupt " + file.getFileName());
        }
        JsonNode version = node.get("schema_version");
        if (version != null && (!version.canConvertToInt() || version.asInt() > maxSchema)) {
            throw FsErrors.error(ErrorCode.FILE_READ_FAILED, phase,
                    "unsupported schema_version in " + file.getFileName());
        }
        return Optional.of((ObjectNode) node);
    }

    static boolean fileExists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    static String required(JsonNode n, String field) {
        String v = Json.text(n, field);
        if (v == null) {
            throw new IllegalArgumentException("missing " + field);
        }
        return v;
    }

    // ---- workbench.json / workshop_state.json

    static byte[] workbench(WorkbenchInfo info) {
        ObjectNode n = Json.object();
        n.put("schema_version", WORKBENCH_SCHEMA);
        n.put("id", info.id());
        n.put("name", info.name());
        n.put("created_at", Json.time(info.createdAt()));
        n.put("updated_at", Json.time(info.updatedAt()));
        Json.putIf(n, "default_model_id", info.defaultModelId());
        return Json.bytes(n);
    }

    static WorkbenchInfo workbench(JsonNode n) {
        Instant created = Json.parseTime(required(n, "created_at"));
        String updated = Json.text(n, "updated_at");
        return new WorkbenchInfo(required(n, "id"), required(n, "name"), created,
                updated == null ? created : Json.parseTime(updated), Json.text(n, "default_model_id"));
    }

    static byte[] workshopState(WorkshopState s) {
        ObjectNode n = Json.object();
        n.put("schema_version", STATE_SCHEMA);
        Json.putIf(n, "active_model_id", s.activeModelId());
        Json.putIf(n, "pending_proposal_id", s.pendingProposalId());
        return Json.bytes(n);
    }

    static WorkshopState workshopState(JsonNode n) {
        return new WorkshopState(Json.text(n, "active_model_id"), Json.text(n, "pending_proposal_id"));
    }

    // ---- draft.json, markers

    static byte[] draft(DraftInfo d) {
        ObjectNode n = Json.object();
        n.put("draft_id", d.draftId());
        n.put("created_at", Json.time(d.createdAt()));
        n.put("source_kind", d.sourceKind());
        n.put("source_ref", d.sourceRef());
        n.put("published_generation", d.publishedGeneration());
        ArrayNode w = n.putArray("written");
        d.written().forEach(w::add);
        return Json.bytes(n);
    }

    static DraftInfo draft(JsonNode n) {
        List<String> written = new ArrayList<>();
        for (JsonNode w : n.path("written")) {
            String name = w.asText();
            if (!FlatName.isValid(name)) {
                throw new IllegalArgumentException("invalid written name");
            }
            written.add(name);
        }
        return new DraftInfo(required(n, "draft_id"), Json.parseTime(required(n, "created_at")),
                Optional.ofNullable(Json.text(n, "source_kind")).orElse("workshop"), Json.text(n, "source_ref"),
                Json.text(n, "published_generation"), written);
    }

    static byte[] publishMarker(String draftId, String checkpointId, Instant at) {
        ObjectNode n = Json.object();
        n.put("draft_id", draftId);
        n.put("checkpoint_id", checkpointId);
        n.put("created_at", Json.time(at));
        return Json.bytes(n);
    }

    static byte[] restoreMarker(String checkpointId, String preRestoreId, Instant at) {
        ObjectNode n = Json.object();
        n.put("checkpoint_id", checkpointId);
        n.put("pre_restore_checkpoint_id", preRestoreId);
        n.put("created_at", Json.time(at));
        return Json.bytes(n);
    }

    // ---- conversation, events, consent, proposals

    static String conversation(ConversationRecord r) {
        ObjectNode n = Json.object();
        n.put("type", r.type().wire());
        n.put("message_id", r.messageId());
        n.put("role", r.type().role());
        n.put("text", r.text() == null ? "" : r.text());
        n.put("created_at", Json.time(r.createdAt()));
        Json.putIf(n, "model_id", r.modelId());
        Json.putIf(n, "event_kind", r.eventKind());
        Json.putIf(n, "checkpoint_id", r.checkpointId());
        Json.putIf(n, "reason", r.reason());
        if (r.metadata() != null) {
            ObjectNode m = n.putObject("metadata");
            r.metadata().forEach(m::put);
        }
        if (r.error() != null) {
            n.set("error", Json.errorInfo(r.error()));
        }
        return Json.line(n);
    }

    static ConversationRecord conversation(JsonNode n) {
        Map<String, String> metadata = null;
        if (n.get("metadata") != null && n.get("metadata").isObject()) {
            metadata = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : n.get("metadata").properties()) {
                metadata.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
        }
        return new ConversationRecord(ConversationRecord.Type.fromWire(required(n, "type")),
                required(n, "message_id"), Optional.ofNullable(Json.text(n, "text")).orElse(""),
                Json.parseTime(required(n, "created_at")), Json.text(n, "model_id"), Json.text(n, "event_kind"),
                Json.text(n, "checkpoint_id"), Json.text(n, "reason"), metadata, Json.readErrorInfo(n.get("error")));
    }

    static String egress(EgressEvent e) {
        ObjectNode n = Json.object();
        n.put("timestamp", Json.time(e.timestamp()));
        n.put("kind", e.kind());
        Json.putIf(n, "provider_id", e.providerId());
        Json.putIf(n, "model_id", e.modelId());
        Json.putIf(n, "endpoint_host", e.endpointHost());
        Json.putIf(n, "scope_hash", e.scopeHash());
        Json.putIf(n, "outcome", e.outcome());
        Json.putIf(n, "error_code", e.errorCode());
        if (e.tokensIn() != null) {
            n.put("tokens_in", e.tokensIn());
        }
        if (e.tokensOut() != null) {
            n.put("tokens_out", e.tokensOut());
        }
        if (e.receipt() != null) {
            n.set("receipt", Json.egressReceipt(e.receipt()));
        }
        return Json.line(n);
    }

    static EgressEvent egress(JsonNode n) {
        java.time.Instant at = Json.parseTime(required(n, "timestamp"));
        dev.trestle.domain.model.EgressReceipt receipt = Json.readEgressReceipt(n.get("receipt"));
        return new EgressEvent(at, required(n, "kind"),
                Json.text(n, "provider_id"), Json.text(n, "model_id"), Json.text(n, "endpoint_host"),
                Json.text(n, "scope_hash"), Json.text(n, "outcome"), Json.text(n, "error_code"),
                n.hasNonNull("tokens_in") ? n.get("tokens_in").asLong() : null,
                n.hasNonNull("tokens_out") ? n.get("tokens_out").asLong() : null,
                receipt == null ? null : receipt.withTimestamp(at));
    }

    static byte[] consent(ConsentRecord r) {
        ObjectNode n = Json.object();
        n.put("schema_version", CONSENT_SCHEMA);
        ObjectNode w = n.putObject("workshop");
        Json.putIf(w, "provider_id", r.providerId());
        Json.putIf(w, "model_id", r.modelId());
        Json.putIf(w, "endpoint_host", r.endpointHost());
        Json.putIf(w, "scope_hash", r.scopeHash());
        Json.putIf(w, "consented_at", Json.time(r.consentedAt()));
        w.put("persisted", true);
        return Json.bytes(n);
    }

    static Optional<ConsentRecord> consent(JsonNode n) {
        JsonNode w = n.get("workshop");
        if (w == null || !w.isObject()) {
            return Optional.empty();
        }
        String at = Json.text(w, "consented_at");
        return Optional.of(new ConsentRecord(Json.text(w, "provider_id"), Json.text(w, "model_id"),
                Json.text(w, "endpoint_host"), Json.text(w, "scope_hash"), at == null ? null : Json.parseTime(at),
                true));
    }

    static byte[] proposal(Proposal p) {
        ObjectNode n = Json.object();
        n.put("proposal_id", p.proposalId());
        n.put("schema_version", PROPOSAL_SCHEMA);
        n.put("created_at", Json.time(p.createdAt()));
        Json.putIf(n, "model_id", p.modelId());
        Json.putIf(n, "base_scope_hash", p.baseScopeHash());
        n.put("summary", p.summary() == null ? "" : p.summary());
        n.put("no_changes", p.noChanges());
        ArrayNode writes = n.putArray("writes");
        for (Proposal.Write w : p.writes()) {
            writes.addObject().put("path", w.path()).put("content", w.content());
        }
        ArrayNode warnings = n.putArray("warnings");
        p.warnings().forEach(warnings::add);
        return Json.bytes(n);
    }

    static Proposal proposal(JsonNode n) {
        List<Proposal.Write> writes = new ArrayList<>();
        for (JsonNode w : n.path("writes")) {
            writes.add(new Proposal.Write(required(w, "path"), required(w, "content")));
        }
        List<String> warnings = new ArrayList<>();
        n.path("warnings").forEach(w -> warnings.add(w.asText()));
        return new Proposal(required(n, "proposal_id"), n.path("schema_version").asInt(PROPOSAL_SCHEMA),
                Json.parseTime(required(n, "created_at")), Json.text(n, "model_id"), Json.text(n, "base_scope_hash"),
                Optional.ofNullable(Json.text(n, "summary")).orElse(""), n.path("no_changes").asBoolean(false),
                writes, warnings);
    }
}
