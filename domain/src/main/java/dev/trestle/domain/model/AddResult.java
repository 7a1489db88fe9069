package dev.trestle.domain.model;

/** Outcome per source path of {@code WorkbenchFilesAdd}; {@code reason} is {@code null} when added. */
public record AddResult(String sourcePath, String fileName, Status status, String reason) {
    public enum Status { ADDED, SKIPPED, FAILED }

    public static AddResult added(String source, String name) {
        return new AddResult(source, name, Status.ADDED, null);
    }

    public static AddResult skipped(String source, String name, String reason) {
        return new AddResult(source, name, Status.SKIPPED, reason);
    }

    public static AddResult failed(String source, String name, String reason) {
        return new AddResult(source, name, Status.FAILED, reason);
    }
}
