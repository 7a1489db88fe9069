package dev.trestle.domain.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of a per-file {@code CheckpointsRestore} ({@code paths[]}), decided before any I/O. Each requested name
 * is matched as {@link RemovalPlan} matches names: a valid flat name, compared without regard to case (so
 * {@code NOTES.TXT} names {@code notes.txt}), against the current manifest and the checkpoint's. A name neither side
 * has (or an invalid one) is unknown, and a request naming any unknown name changes nothing. For a known name the
 * resulting manifest takes the checkpoint's entry (its exact name and content) in place of the current one; a name
 * the checkpoint lacks is removed; every other entry stays as it is, in its place (a replaced entry keeps its place;
 * a name the current manifest lacks comes at the end, or at its place in a manifest in name order). Repeats of a name
 * count once.
 */
public record RestoreSelection(List<FileEntry> result, List<String> unknown, int selected) {
    private static final Comparator<FileEntry> BY_PATH = Comparator.comparing(FileEntry::path);

    public RestoreSelection {
        result = List.copyOf(result);
        unknown = List.copyOf(unknown);
    }

    public boolean hasUnknown() {
        return !unknown.isEmpty();
    }

    public static RestoreSelection of(List<FileEntry> current, List<FileEntry> target, List<String> requested) {
        Lookup currentByFolded = Lookup.of(current, requested.size());
        Lookup targetByFolded = Lookup.of(target, requested.size());
        Map<String, FileEntry[]> chosen = new LinkedHashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (String name : requested) {
            if (name == null || !FlatName.isValid(name)) {
                unknown.add(String.valueOf(name));
                continue;
            }
            String folded = FlatName.foldCase(name);
            if (chosen.containsKey(folded)) {
                continue;
            }
            FileEntry c = currentByFolded.get(name, folded);
            FileEntry t = targetByFolded.get(name, folded);
            if (c != null || t != null) {
                chosen.put(folded, new FileEntry[] {c, t});
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            return new RestoreSelection(current, List.copyOf(unknown), 0);
        }
        // a chosen entry is replaced where it stands (files.json keeps files in the order they were added); one the
        // current manifest lacks is added at the end, or at its place when the manifest is in name order
        Map<String, FileEntry> replaced = new HashMap<>();
        List<FileEntry> added = new ArrayList<>();
        for (FileEntry[] pair : chosen.values()) {
            if (pair[0] != null) {
                replaced.put(pair[0].path(), pair[1]);
            } else {
                added.add(pair[1]);
            }
        }
        boolean byName = sortedByPath(current);
        List<FileEntry> out = new ArrayList<>(current.size() + added.size());
        for (FileEntry e : current) {
            if (!replaced.containsKey(e.path())) {
                out.add(e);
                continue;
            }
            FileEntry t = replaced.get(e.path());
            if (t == null) {
                continue;
            }
            if (byName && !t.path().equals(e.path())) {
                added.add(t);
            } else {
                out.add(t);
            }
        }
        for (FileEntry t : added) {
            if (byName) {
                int at = Collections.binarySearch(out, t, BY_PATH);
                out.add(at < 0 ? -at - 1 : at, t);
            } else {
                out.add(t);
            }
        }
        return new RestoreSelection(out, List.of(), chosen.size());
    }

    private static boolean sortedByPath(List<FileEntry> files) {
        for (int k = 1; k < files.size(); k++) {
            if (files.get(k - 1).path().compareTo(files.get(k).path()) > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Finds entries by folded name. For a few requested names: the exact name by binary search (a list in name order;
     * any other order may miss and fall through), else a scan comparing cheaply (ASCII names by
     * {@link String#equalsIgnoreCase}, which is the ASCII fold; others folded), so a one-file restore of a 10 000-entry
     * manifest folds no names; for many names it indexes every entry once. In a scan or an index the last entry of a
     * fold wins.
     */
    private record Lookup(List<FileEntry> files, Map<String, FileEntry> index) {
        private static final int SCAN_LIMIT = 8;

        static Lookup of(List<FileEntry> files, int requested) {
            if (requested <= SCAN_LIMIT) {
                return new Lookup(files, null);
            }
            Map<String, FileEntry> out = new HashMap<>(files.size() * 2);
            files.forEach(e -> out.put(FlatName.foldCase(e.path()), e));
            return new Lookup(files, out);
        }

        FileEntry get(String name, String folded) {
            if (index != null) {
                return index.get(folded);
            }
            // a manifest holds one entry per folded name: the exact name, when there, is the one (found by binary
            // search when the list is in name order; otherwise the scan below finds it)
            FileEntry exact = exact(name);
            if (exact != null) {
                return exact;
            }
            boolean ascii = isAscii(name);
            FileEntry hit = null;
            for (FileEntry e : files) {
                String p = e.path();
                boolean same = ascii && isAscii(p) ? p.equalsIgnoreCase(name) : FlatName.foldCase(p).equals(folded);
                if (same) {
                    hit = e;
                }
            }
            return hit;
        }

        private FileEntry exact(String name) {
            int lo = 0;
            int hi = files.size() - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = files.get(mid).path().compareTo(name);
                if (c == 0) {
                    return files.get(mid);
                } else if (c < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return null;
        }

        private static boolean isAscii(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        }
    }
}
