package dev.trestle.adapters.fs;

import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.model.EgressReceipt;
import dev.trestle.domain.model.ErrorAction;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.SentFile;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The domain values of the conversation and egress line fixtures under {@code stored-forms/}. */
final class LineFormsFixtures {
    static final Instant T1 = Instant.parse("2026-11-25T21:06:09.123Z");
    static final Instant T2 = Instant.parse("2026-12-06T08:00:00Z");
    static final Instant T3 = Instant.parse("2026-12-06T08:00:01.5Z");

    static final ErrorInfo RATE_LIMITED = new ErrorInfo(ErrorCode.PROVIDER_RATE_LIMITED, Phase.WORKSHOP, true,
            List.of(ErrorAction.RETRY, ErrorAction.SWITCH_MODEL), "stream", "openai", "openai:gpt-5.2",
            "01JAAAAAAAAAAAAAAAAAAAAAA1", "api.openai.com", "sha256:abc123", 30L, "rate limited \"429\"", "ref-1");
    static final ErrorInfo CONTEXT = ErrorInfo.of(ErrorCode.CONTEXT_EXHAUSTED, Phase.WORKSHOP)
            .withTokens(208310L, 200000L);
    static final ErrorInfo BARE = new ErrorInfo(ErrorCode.FILE_READ_FAILED, Phase.RESTORE, false, List.of(), null,
            null, null, null, null, null, null, null, null);

    /** One per line of {@code conversation.jsonl}, in order. */
    static final List<ConversationRecord> CONVERSATION = List.of(
            ConversationRecord.user("01JAAAAAAAAAAAAAAAAAAAAAU1", "Plan the \"garden\" <ü> – 🌱\nline two\ttab", T1),
            ConversationRecord.user("01JAAAAAAAAAAAAAAAAAAAAAU2", "", T2),
            ConversationRecord.assistant("01JAAAAAAAAAAAAAAAAAAAAAM1", "Here is a plan.\n\n1. Timber", T3,
                    "openai:gpt-5.2"),
            ConversationRecord.assistant("01JAAAAAAAAAAAAAAAAAAAAAM2", "partial", T3, "anthropic:claude-sonnet-4-5")
                    .withCheckpoint("01JAAAAAAAAAAAAAAAAAAAAAC1", "pre_apply"),
            ConversationRecord.event("01JAAAAAAAAAAAAAAAAAAAAAS1", "workshop_failed", "The reply failed.", T2, null)
                    .withError(RATE_LIMITED),
            ConversationRecord.event("01JAAAAAAAAAAAAAAAAAAAAAS2", "context_exhausted", "Too long.", T2, null)
                    .withError(CONTEXT).withModel("openai:gpt-5.2"),
            ConversationRecord.event("01JAAAAAAAAAAAAAAAAAAAAAS3", "restore_failed", "x", T1, null).withError(BARE),
            ConversationRecord.event("01JAAAAAAAAAAAAAAAAAAAAAS4", "proposal_ready", "Proposal ready.", T1,
                    Map.of("proposal_id", "01JAAAAAAAAAAAAAAAAAAAAAP1")),
            ConversationRecord.event("01JAAAAAAAAAAAAAAAAAAAAAS5", "checkpoint_publish", "Published.", T3,
                    Map.of()).withCheckpoint("01JAAAAAAAAAAAAAAAAAAAAAC2", "publish"));

    static final EgressReceipt RECEIPT = new EgressReceipt(T3, "openai", "openai:gpt-5.2", "api.openai.com",
            "sha256:abc123", "chat", List.of(new SentFile("notes.md", "sha256:1111", 1200L, 310L, false, false),
                    SentFile.estimated("budget \"ü\".csv", "sha256:2222", 70001L, true),
                    new SentFile("empty.txt", null, 0L, null, true, false)),
            "sha256:body", 73456L, 200, 1540L, 420L, "ok", 1620L, false);
    static final EgressReceipt RECEIPT_FAILED = new EgressReceipt(T2, "anthropic", "anthropic:claude-sonnet-4-5",
            "api.anthropic.com", "sha256:def456", "chat", List.of(), "sha256:body2", 512L, 429, null, null,
            "PROVIDER_RATE_LIMITED", 900L, true);
    static final EgressReceipt RECEIPT_VALIDATE = new EgressReceipt(T1, "mistral", null, "api.mistral.ai", null,
            "validate", List.of(), null, 0L, null, null, null, "NETWORK_UNAVAILABLE", null, true);

    /** One per line of {@code egress_events.jsonl}, in order. */
    static final List<EgressEvent> EGRESS = List.of(
            EgressEvent.of(RECEIPT), EgressEvent.of(RECEIPT_FAILED), EgressEvent.of(RECEIPT_VALIDATE),
            new EgressEvent(T2, "consent_granted", "openai", "openai:gpt-5.2", "api.openai.com", "sha256:abc123",
                    null, null, null, null),
            new EgressEvent(T1, "request_blocked", "openai", null, null, null, "error", "EGRESS_CONSENT_REQUIRED", 0L,
                    12L));

    private LineFormsFixtures() {
    }
}
