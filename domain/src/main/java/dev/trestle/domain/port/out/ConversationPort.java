package dev.trestle.domain.port.out;

import dev.trestle.domain.model.ConversationRecord;
import java.util.List;

/** {@code conversation.jsonl}: append-only; readers skip malformed and torn lines. */
public interface ConversationPort {
    void append(String workbenchId, ConversationRecord record);

    List<ConversationRecord> read(String workbenchId);
}
