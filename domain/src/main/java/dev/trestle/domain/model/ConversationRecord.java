package dev.trestle.domain.model;

import java.time.Instant;
import java.util.Map;

/**
 * One line of {@code conversation.jsonl} ({@code rpc.md} §2). {@code metadata} values are strings; optional fields
 * are {@code null}.
 */
public record ConversationRecord(Type type, String messageId, String text, Instant createdAt, String modelId,
                                 String eventKind, String checkpointId, String reason, Map<String, String> metadata,
                                 ErrorInfo error) {
    public enum Type {
        USER_MESSAGE("user_message", "user"), ASSISTANT_MESSAGE("assistant_message", "assistant"),
        SYSTEM_EVENT("system_event", "system");

        private final String wire;
        private final String role;

        Type(String wire, String role) {
            this.wire = wire;
            this.role = role;
        }

        public String wire() {
            return wire;
        }

        public String role() {
            return role;
        }

        public static Type fromWire(String wire) {
            for (Type t : values()) {
                if (t.wire.equals(wire)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown record type " + wire);
        }
    }

    public ConversationRecord {
        metadata = metadata == null ? null : Map.copyOf(metadata);
    }

    public static ConversationRecord user(String id, String text, Instant at) {
        return new ConversationRecord(Type.USER_MESSAGE, id, text, at, null, null, null, null, null, null);
    }

    public static ConversationRecord assistant(String id, String text, Instant at, String modelId) {
        return new ConversationRecord(Type.ASSISTANT_MESSAGE, id, text, at, modelId, null, null, null, null, null);
    }

    public static ConversationRecord event(String id, String kind, String text, Instant at,
                                           Map<String, String> metadata) {
        return new ConversationRecord(Type.SYSTEM_EVENT, id, text, at, null, kind, null, null, metadata, null);
    }

    public ConversationRecord withCheckpoint(String id, String why) {
        return new ConversationRecord(type, messageId, text, createdAt, modelId, eventKind, id, why, metadata, error);
    }

    public ConversationRecord withError(ErrorInfo value) {
        return new ConversationRecord(type, messageId, text, createdAt, modelId, eventKind, checkpointId, reason,
                metadata, value);
    }

    public ConversationRecord withModel(String value) {
        return new ConversationRecord(type, messageId, text, createdAt, value, eventKind, checkpointId, reason,
                metadata, error);
    }

    /** Whether this record is sent to models and counted by clutter. */
    public boolean isMessage() {
        return type != Type.SYSTEM_EVENT;
    }
}
