package dev.trestle.domain.model;

/** A Workbench as clients see it: its metadata and whether a Draft exists. */
public record WorkbenchView(WorkbenchInfo info, boolean hasDraft) {
}
