package dev.trestle.domain.model;

import java.util.Locale;

/** Actions a client may offer for an error ({@code errors.md} §3); wire form is lower snake case. */
public enum ErrorAction {
    RETRY, RESUME, SWITCH_MODEL, OPEN_SETTINGS, RESTORE_CHECKPOINT, FREE_DISK_SPACE, VIEW_REPORT, REVIEW_DRAFT,
    DISCARD_DRAFT, REMOVE_FILES;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
