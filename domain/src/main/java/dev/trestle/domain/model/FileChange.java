package dev.trestle.domain.model;

/** One entry of {@code ReviewGetChangeSet}. */
public record FileChange(String path, ChangeType changeType) {
    public enum ChangeType { ADDED, MODIFIED, DELETED }
}
