package dev.trestle.domain.model;

/** Outcome per path of {@code WorkbenchFilesRemove}; {@code reason} is {@code null} when removed. */
public record RemoveResult(String path, Status status, String reason) {
    public enum Status { REMOVED, SKIPPED, FAILED }
}
