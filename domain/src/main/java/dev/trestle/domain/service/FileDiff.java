package dev.trestle.domain.service;

import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.FileEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code WorkbenchFilesChanged} payload between two manifests. */
final class FileDiff {
    private FileDiff() {
    }

    static EngineEvent.FilesChanged between(String workbenchId, List<FileEntry> before, List<FileEntry> after) {
        Map<String, FileEntry> old = new HashMap<>();
        before.forEach(f -> old.put(f.path(), f));
        List<String> added = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        for (FileEntry f : after) {
            FileEntry o = old.remove(f.path());
            if (o == null) {
                added.add(f.path());
            } else if (!o.sha256().equals(f.sha256()) || o.size() != f.size()) {
                updated.add(f.path());
            }
        }
        List<String> removed = new ArrayList<>();
        before.stream().filter(f -> old.containsKey(f.path())).forEach(f -> removed.add(f.path()));
        added.sort(null);
        updated.sort(null);
        removed.sort(null);
        return new EngineEvent.FilesChanged(workbenchId, added, removed, updated);
    }
}
