package dev.trestle.domain.model;

import java.util.Locale;

/** Why a checkpoint was taken. Unknown reasons read as {@link #AUTO} ({@code algorithms.md} §7). */
public enum CheckpointReason {
    AUTO, MANUAL, PUBLISH, PRE_RESTORE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CheckpointReason fromWire(String wire) {
        if (wire != null) {
            for (CheckpointReason r : values()) {
                if (r.wire().equals(wire)) {
                    return r;
                }
            }
        }
        return AUTO;
    }
}
