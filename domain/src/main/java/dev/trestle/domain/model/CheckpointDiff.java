package dev.trestle.domain.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What differs between two file manifests ({@code CheckpointsDiff}): files only in {@code to} (added), only in
 * {@code from} (removed), and under the same exact name with other content (changed, by content hash). Names are
 * compared exactly, as the manifests store them, so a file renamed only in case is one removal and one addition.
 * One sorted merge over both manifests: O(entries) when they are already in name order (as {@code files.json} and
 * checkpoint manifests are), O(n log n) otherwise. Entries with equal names and equal hashes are only counted.
 */
public record CheckpointDiff(List<Entry> added, List<Entry> removed, List<Change> changed, int unchanged) {
    private static final Comparator<FileEntry> BY_PATH = Comparator.comparing(FileEntry::path);

    public CheckpointDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    /** A file present on one side only. */
    public record Entry(String path, long size, String sha256) {
        static Entry of(FileEntry e) {
            return new Entry(e.path(), e.size(), e.sha256());
        }
    }

    /** A file present on both sides with different content. */
    public record Change(String path, long fromSize, String fromSha256, long toSize, String toSha256) {
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /** The differences turning {@code from} into {@code to}; each list in name order. */
    public static CheckpointDiff between(List<FileEntry> from, List<FileEntry> to) {
        List<FileEntry> a = sorted(from);
        List<FileEntry> b = sorted(to);
        List<Entry> added = new ArrayList<>();
        List<Entry> removed = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        int unchanged = 0;
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (j >= b.size()) {
                removed.add(Entry.of(a.get(i++)));
                continue;
            }
            if (i >= a.size()) {
                added.add(Entry.of(b.get(j++)));
                continue;
            }
            FileEntry x = a.get(i);
            FileEntry y = b.get(j);
            int c = x.path().compareTo(y.path());
            if (c < 0) {
                removed.add(Entry.of(x));
                i++;
            } else if (c > 0) {
                added.add(Entry.of(y));
                j++;
            } else {
                if (x.sha256().equals(y.sha256())) {
                    unchanged++;
                } else {
                    changed.add(new Change(x.path(), x.size(), x.sha256(), y.size(), y.sha256()));
                }
                i++;
                j++;
            }
        }
        return new CheckpointDiff(added, removed, changed, unchanged);
    }

    private static List<FileEntry> sorted(List<FileEntry> files) {
        for (int k = 1; k < files.size(); k++) {
            if (files.get(k - 1).path().compareTo(files.get(k).path()) > 0) {
                List<FileEntry> copy = new ArrayList<>(files);
                copy.sort(BY_PATH);
                return copy;
            }
        }
        return files;
    }
}
