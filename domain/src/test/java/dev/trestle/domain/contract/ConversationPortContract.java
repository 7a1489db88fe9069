package dev.trestle.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.port.out.ConversationPort;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConversationPort} must do. Subclasses supply a port and may override {@link #prepareWorkbench}
 * when the log needs a Workbench to exist first.
 */
public abstract class ConversationPortContract {
    protected static final String W1 = "01JAAAAAAAAAAAAAAAAAAAAAA1";
    protected static final String W2 = "01JAAAAAAAAAAAAAAAAAAAAAA2";
    protected static final Instant T0 = Instant.parse("2025-04-01T12:00:00.000Z");

    protected ConversationPort port;

    protected abstract ConversationPort newPort();

    /** Creates whatever a Workbench needs to exist for this log; nothing by default. */
    protected void prepareWorkbench(String workbenchId) {
    }

    @BeforeEach
    void createPort() {
        port = newPort();
        prepareWorkbench(W1);
        prepareWorkbench(W2);
    }

    @Test
    void a_new_conversation_is_empty() {
        assertThat(port.read(W1)).isEmpty();
    }

    @Test
    void records_read_back_in_append_order_with_every_field() {
        ConversationRecord user = ConversationRecord.user("01JAAAAAAAAAAAAAAAAAAAAAM1", "Summarize the files.", T0);
        ConversationRecord assistant = ConversationRecord.assistant("01JAAAAAAAAAAAAAAAAAAAAAA3", "Two files.",
                T0.plusMillis(1500), "openai:gpt-5.2");
        ConversationRecord switched = ConversationRecord.event("01JAAAAAAAAAAAAAAAAAAAAAA4", "model_switched",
                "Switched model", T0.plusSeconds(3), Map.of("from", "openai:gpt-5.2", "to", "mistral:mistral-large"));
        ConversationRecord failed = ConversationRecord.event("01JAAAAAAAAAAAAAAAAAAAAAA5", "workshop_stream_failed",
                null, T0.plusSeconds(4), null).withError(ErrorInfo.of(ErrorCode.PROVIDER_RATE_LIMITED, Phase.WORKSHOP)
                .withSubphase("stream").withProvider("openai").withModel("openai:gpt-5.2").withRetryAfterSeconds(120L));
        ConversationRecord restored = ConversationRecord.event("01JAAAAAAAAAAAAAAAAAAAAAA6", "checkpoint_restore",
                null, T0.plusSeconds(5), null).withCheckpoint("01JAAAAAAAAAAAAAAAAAAAAAA7", "pre_restore");

        List<ConversationRecord> all = List.of(user, assistant, switched, failed, restored);
        all.forEach(r -> port.append(W1, r));

        // an event without text reads back with text "" (conversation.jsonl always carries the field)
        assertThat(port.read(W1)).containsExactly(user, assistant, switched, withEmptyText(failed),
                withEmptyText(restored));
    }

    @Test
    void text_with_newlines_quotes_and_non_ascii_survives() {
        ConversationRecord r = ConversationRecord.user("01JAAAAAAAAAAAAAAAAAAAAAM2",
                "line 1\nline 2\r\n\t\"quoted\" \\ caf\u00e9 \u2603 \uD83D\uDE00", T0);
        port.append(W1, r);
        assertThat(port.read(W1)).containsExactly(r);
    }

    @Test
    void a_read_is_a_snapshot_not_a_live_view() {
        port.append(W1, ConversationRecord.user("01JAAAAAAAAAAAAAAAAAAAAAM3", "one", T0));
        List<ConversationRecord> before = port.read(W1);
        port.append(W1, ConversationRecord.user("01JAAAAAAAAAAAAAAAAAAAAAM4", "two", T0));
        assertThat(before).hasSize(1);
        assertThat(port.read(W1)).hasSize(2);
    }

    @Test
    void workbenches_have_separate_conversations() {
        port.append(W1, ConversationRecord.user("01JAAAAAAAAAAAAAAAAAAAAAM5", "for one", T0));
        assertThat(port.read(W2)).isEmpty();
    }

    private static ConversationRecord withEmptyText(ConversationRecord r) {
        return new ConversationRecord(r.type(), r.messageId(), "", r.createdAt(), r.modelId(), r.eventKind(),
                r.checkpointId(), r.reason(), r.metadata(), r.error());
    }
}
