package dev.trestle.domain.fakes;

import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.port.out.ConversationPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Append-only conversations in memory; reads return snapshots. */
public final class InMemoryConversation implements ConversationPort {
    private final Map<String, List<ConversationRecord>> byWorkbench = new HashMap<>();
    private int reads;

    @Override
    public synchronized void append(String workbenchId, ConversationRecord record) {
        // like conversation.jsonl, which always carries the text field
        ConversationRecord stored = record.text() != null ? record : new ConversationRecord(record.type(),
                record.messageId(), "", record.createdAt(), record.modelId(), record.eventKind(),
                record.checkpointId(), record.reason(), record.metadata(), record.error());
        byWorkbench.computeIfAbsent(workbenchId, k -> new ArrayList<>()).add(stored);
    }

    @Override
    public synchronized List<ConversationRecord> read(String workbenchId) {
        reads++;
        return List.copyOf(byWorkbench.getOrDefault(workbenchId, List.of()));
    }

    /** How many times a conversation was read whole. */
    public synchronized int reads() {
        return reads;
    }

    /** Replaces a conversation wholesale, as a restore does. */
    public synchronized void replace(String workbenchId, List<ConversationRecord> records) {
        byWorkbench.put(workbenchId, new ArrayList<>(records));
    }
}
