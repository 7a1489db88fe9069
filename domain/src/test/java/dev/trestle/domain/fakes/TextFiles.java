package dev.trestle.domain.fakes;

import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.Limits;
import dev.trestle.domain.model.RemoveResult;
import dev.trestle.domain.port.out.PublishedFilesPort;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Published files that can only be read: the text of each name from a map the test fills (a name missing from it is
 * unreadable); the manifest is empty and adding or removing is not supported. For counting and clutter tests.
 */
public final class TextFiles implements PublishedFilesPort {
    private final Map<String, String> contents;

    public TextFiles(Map<String, String> contents) {
        this.contents = contents;
    }

    @Override
    public List<FileEntry> manifest(String workbenchId) {
        return List.of();
    }

    @Override
    public AddBatch add(String workbenchId, List<String> sourcePaths, Limits limits) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<RemoveResult> remove(String workbenchId, List<String> names) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<TextContent> readText(String workbenchId, String name, int maxBytes) {
        String c = contents.get(name);
        return c == null ? Optional.empty() : Optional.of(new TextContent(c, false));
    }
}
