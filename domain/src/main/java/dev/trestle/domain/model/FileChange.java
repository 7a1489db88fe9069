package dev.trestle.domain.model;

/** One entry of {@code ReviewGetChangeSet}. */
public record FileChange(String path, ChangeType changeType) {
    public enum ChangeType { ADDED, MODIFIED, DELETED }

    /**
     * The change to {@code path} in {@code changes}, the only kind of path a Draft can revert (reject in review):
     * an unchanged or unknown path fails {@code unknown_path} and nothing is touched.
     */
    public static java.util.Optional<FileChange> find(java.util.List<FileChange> changes, String path) {
        return changes.stream().filter(c -> c.path().equals(path)).findFirst();
    }
}
