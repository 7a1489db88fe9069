package dev.trestle.domain.port.out;

import dev.trestle.domain.model.AddResult;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.Limits;
import dev.trestle.domain.model.RemoveResult;
import java.util.List;
import java.util.Optional;

/** Published files and their manifest {@code files.json}. */
public interface PublishedFilesPort {
    List<FileEntry> manifest(String workbenchId);

    /**
     * The add rules of {@code rpc.md}: per-source results in input order; ingest into the content store and link into
     * {@code published/}; rewrite {@code files.json} once. Throws {@code file_limit_exceeded} (nothing copied),
     * {@code DISK_FULL} (this batch undone).
     */
    AddBatch add(String workbenchId, List<String> sourcePaths, Limits limits);

    /**
     * Unlinks the given manifest paths (exact, distinct: the domain resolved them with
     * {@link dev.trestle.domain.model.RemovalPlan}) from {@code published/} and rewrites {@code files.json} once.
     * Returns one result per path, in order: {@code removed}, {@code skipped/missing_on_disk} (entry dropped),
     * {@code skipped/not_found} (no such entry) or {@code failed/delete_failed}.
     */
    List<RemoveResult> remove(String workbenchId, List<String> paths);

    /** UTF-8 text of a Published file, at most {@code maxBytes} bytes (flag set when truncated). */
    Optional<TextContent> readText(String workbenchId, String name, int maxBytes);

    record AddBatch(List<AddResult> results, List<FileEntry> manifest) {
    }

    record TextContent(String text, boolean truncated) {
    }
}
