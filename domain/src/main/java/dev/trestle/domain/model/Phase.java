package dev.trestle.domain.model;

import java.util.Locale;

/** The phase of an error, by method ({@code errors.md} §3). */
public enum Phase {
    SETTINGS, WORKBENCH, WORKSHOP, REVIEW, PUBLISH, RESTORE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
