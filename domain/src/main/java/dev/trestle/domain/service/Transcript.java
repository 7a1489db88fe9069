package dev.trestle.domain.service;

import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.ConversationPort;
import dev.trestle.domain.port.out.IdGeneratorPort;
import java.util.Map;

/** Appends to a Workbench's conversation and keeps its cached size current; lock held by the caller. */
public final class Transcript {
    private final ConversationPort conversation;
    private final IdGeneratorPort ids;
    private final ClockPort clock;

    public Transcript(ConversationPort conversation, IdGeneratorPort ids, ClockPort clock) {
        this.conversation = conversation;
        this.ids = ids;
        this.clock = clock;
    }

    /** A new message id: {@code u-}, {@code a-} or {@code s-} and a ULID. */
    String messageId(String prefix) {
        return prefix + "-" + ids.newUlid();
    }

    ConversationRecord append(WorkbenchContext ctx, ConversationRecord record) {
        conversation.append(ctx.id, record);
        ctx.appended(record);
        return record;
    }

    /**
     * Appends a record reporting a change that has already committed (for example {@code checkpoint_publish}). Best
     * effort: the change stands even if its record cannot be written (a full disk); returns whether it was.
     */
    boolean appendAfterCommit(WorkbenchContext ctx, ConversationRecord record) {
        try {
            append(ctx, record);
            return true;
        } catch (TrestleException e) {
            return false;
        }
    }

    ConversationRecord systemEvent(WorkbenchContext ctx, String kind, String text, Map<String, String> metadata) {
        return append(ctx, ConversationRecord.event(messageId("s"), kind, text, clock.now(),
                metadata == null || metadata.isEmpty() ? null : metadata));
    }
}
