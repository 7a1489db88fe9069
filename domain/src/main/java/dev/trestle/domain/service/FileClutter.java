package dev.trestle.domain.service;

import dev.trestle.domain.model.Clutter;
import dev.trestle.domain.model.ClutterItem;
import dev.trestle.domain.model.ClutterState;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.TokenSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;

/**
 * The file part of one Workbench's clutter for one model, kept up to date change by change, so that a change of a few
 * files costs O(change · log n) rather than a walk over every file: per path its tokens (already in the model's
 * tokens), the files in the breakdown's order ({@link Clutter#LARGEST_FIRST}), their total, and the files whose body
 * is still an estimate (counting pending, or unreadable). The state it produces equals {@link Clutter#state} over
 * every file's item, as computed from scratch.
 * <p>
 * A new manifest is diffed against the one reflected: by one merge walk when both are sorted by path; otherwise (the
 * usual case: {@code files.json} keeps the order files were added in) by skipping the entries both hold at their
 * start and end and comparing the stretch between by path; a manifest listing a path twice is rebuilt from scratch.
 * Bound to one model, calibration and window: any of them changing means a new instance. Callers hold the lock of the instance ({@link #update} is synchronized).
 */
final class FileClutter {
    /** One file as the breakdown counts it. {@code seq} tells apart duplicate paths (never in a real manifest). */
    private record Node(FileEntry entry, long tokens, int seq) {
        String path() {
            return entry.path();
        }
    }

    private static final Comparator<Node> LARGEST_FIRST = (a, b) -> {
        int c = Long.compare(b.tokens(), a.tokens());
        if (c != 0) {
            return c;
        }
        c = a.path().compareTo(b.path());
        return c != 0 ? c : Integer.compare(a.seq(), b.seq());
    };

    /** The files a new manifest drops or replaces (old entries) and adds or replaces (new entries). */
    private record Diff(List<FileEntry> gone, List<FileEntry> upserts) {
    }

    private final TokenAccounting accounting;
    private final String modelId;
    private final long calibration;
    private final long window;
    private final LongUnaryOperator scale;
    private final TokenSource source;

    private List<FileEntry> manifest;
    /** {@link #manifest} is strictly sorted by path, so the next one can be diffed against it. */
    private boolean ordered;
    private final Map<String, Node> byPath = new HashMap<>();
    private final TreeSet<Node> largest = new TreeSet<>(LARGEST_FIRST);
    /** Nodes (by identity) whose body is an estimate. */
    private final Set<Node> estimated = new HashSet<>();
    private long total;
    private long priced;
    private long stepped;

    /**
     * For {@code model} at calibration {@code calibration}: {@code scale} turns local tokens into the model's,
     * {@code source} is how they are known when every body is counted.
     */
    FileClutter(TokenAccounting accounting, ModelEntry model, long calibration, LongUnaryOperator scale,
                TokenSource source) {
        this.accounting = accounting;
        this.modelId = model.modelId();
        this.calibration = calibration;
        this.window = Clutter.window(model);
        this.scale = scale;
        this.source = source;
    }

    /** Whether this state is for {@code model} (its id and window) at calibration {@code calibration}. */
    boolean isFor(ModelEntry model, long calibration) {
        return this.calibration == calibration && modelId.equals(model.modelId()) && window == Clutter.window(model);
    }

    /** Local tokens in the model's tokens. */
    long scale(long tokens) {
        return scale.applyAsLong(tokens);
    }

    /** Files priced (manifest line, heading and body looked up) since this state was created; for tests. */
    synchronized long priced() {
        return priced;
    }

    /** Manifest entries stepped over by merge walks since this state was created; for tests. */
    synchronized long stepped() {
        return stepped;
    }

    /**
     * Brings this state to {@code ctx}'s manifest and answers the clutter without a stream. Bodies not counted yet
     * are counted inline or scheduled as {@link TokenAccounting} decides, {@code settled} called when they are.
     */
    synchronized ClutterState update(WorkbenchContext ctx, ModelEntry model, Consumer<WorkbenchContext> settled) {
        List<FileEntry> next = ctx.manifest();
        if (manifest == null) {
            rebuild(ctx, next, settled);
        } else if (next == manifest) {
            refresh(ctx, List.of(), settled);
        } else {
            Diff diff = ordered ? diff(manifest, next) : null;
            if (diff == null) {
                // files.json keeps the order files were added in: compare the ends, then the stretch between
                diff = trimmed(manifest, next);
                ordered = false;
            }
            if (diff == null) {
                rebuild(ctx, next, settled);
            } else {
                for (FileEntry f : diff.gone()) {
                    remove(byPath.get(f.path()));
                }
                manifest = next;
                refresh(ctx, diff.upserts(), settled);
            }
        }
        return state(ctx, model);
    }

    private void rebuild(WorkbenchContext ctx, List<FileEntry> next, Consumer<WorkbenchContext> settled) {
        byPath.clear();
        largest.clear();
        estimated.clear();
        total = 0;
        manifest = next;
        List<FileEntry> missing = new ArrayList<>();
        long bytes = 0;
        for (FileEntry f : next) {
            if (accounting.missing(ctx, f)) {
                missing.add(f);
                bytes += TokenAccounting.sectionBytes(f);
            }
        }
        accounting.count(ctx, missing, bytes, settled);
        boolean sorted = true;
        for (int k = 0; k < next.size(); k++) {
            FileEntry f = next.get(k);
            if (k > 0 && next.get(k - 1).path().compareTo(f.path()) >= 0) {
                sorted = false;
            }
            insert(f, k);
        }
        ordered = sorted;
    }

    /**
     * Counts what is missing among {@code upserts} and the estimated files still listed, then re-prices the estimated
     * files whose body is now counted and inserts {@code upserts}.
     */
    private void refresh(WorkbenchContext ctx, List<FileEntry> upserts, Consumer<WorkbenchContext> settled) {
        List<FileEntry> missing = new ArrayList<>();
        long bytes = 0;
        for (Node n : estimated) {
            if (accounting.missing(ctx, n.entry())) {
                missing.add(n.entry());
                bytes += TokenAccounting.sectionBytes(n.entry());
            }
        }
        for (FileEntry f : upserts) {
            if (accounting.missing(ctx, f)) {
                missing.add(f);
                bytes += TokenAccounting.sectionBytes(f);
            }
        }
        accounting.count(ctx, missing, bytes, settled);
        if (!estimated.isEmpty()) {
            List<Node> counted = new ArrayList<>();
            for (Node n : estimated) {
                if (accounting.body(n.entry()) != null) {
                    counted.add(n);
                }
            }
            for (Node n : counted) {
                remove(n);
                insert(n.entry(), n.seq());
            }
        }
        for (FileEntry f : upserts) {
            insert(f, 0);
        }
    }

    private void insert(FileEntry f, int seq) {
        Integer body = accounting.body(f);
        long local = accounting.wrapper(f) + (body != null ? body : TokenAccounting.estimate(f));
        Node n = new Node(f, scale.applyAsLong(local), seq);
        priced++;
        largest.add(n);
        byPath.put(f.path(), n);
        total += n.tokens();
        if (body == null) {
            estimated.add(n);
        }
    }

    private void remove(Node n) {
        largest.remove(n);
        estimated.remove(n);
        byPath.remove(n.path(), n);
        total -= n.tokens();
    }

    /**
     * The entries {@code b} drops, replaces or adds against {@code a}, in any order: the entries both lists hold at the
     * same places at their start and at their end are skipped by one walk (the same instances, mostly), and only the
     * stretch between is compared by path. Adding files (appended), removing or replacing some, costs that walk and
     * the stretch. Null when a path of the stretch is listed twice or also outside it (never in a real manifest).
     */
    private Diff trimmed(List<FileEntry> a, List<FileEntry> b) {
        int start = 0;
        while (start < a.size() && start < b.size() && same(a.get(start), b.get(start))) {
            start++;
        }
        int endA = a.size();
        int endB = b.size();
        while (endA > start && endB > start && same(a.get(endA - 1), b.get(endB - 1))) {
            endA--;
            endB--;
        }
        stepped += start + (a.size() - endA);
        Map<String, FileEntry> before = new HashMap<>();
        for (int i = start; i < endA; i++) {
            if (before.put(a.get(i).path(), a.get(i)) != null) {
                return null;
            }
        }
        List<FileEntry> upserts = new ArrayList<>();
        List<FileEntry> gone = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int j = start; j < endB; j++) {
            FileEntry y = b.get(j);
            if (!seen.add(y.path())) {
                return null;
            }
            FileEntry x = before.remove(y.path());
            if (x == null && byPath.containsKey(y.path())) {
                return null;
            }
            if (x == null) {
                upserts.add(y);
            } else if (!same(x, y)) {
                // a replaced entry goes before its replacement is inserted
                gone.add(x);
                upserts.add(y);
            }
        }
        gone.addAll(before.values());
        return new Diff(gone, upserts);
    }

    private static boolean same(FileEntry x, FileEntry y) {
        return x == y || x.equals(y);
    }

    /**
     * The entries {@code b} drops, replaces or adds against {@code a} (strictly sorted by path), or null when
     * {@code b} is not strictly sorted. Entries kept in both are matched in order, so an inversion in {@code b}
     * always sits next to an added entry: only those are compared with their neighbour.
     */
    private Diff diff(List<FileEntry> a, List<FileEntry> b) {
        List<FileEntry> gone = new ArrayList<>();
        List<FileEntry> upserts = new ArrayList<>();
        int i = 0;
        int j = 0;
        boolean afterAdded = false;
        while (i < a.size() && j < b.size()) {
            FileEntry x = a.get(i);
            FileEntry y = b.get(j);
            int c = x == y ? 0 : x.path().compareTo(y.path());
            if (c < 0) {
                gone.add(x);
                i++;
                continue;
            }
            if ((c > 0 || afterAdded) && j > 0 && b.get(j - 1).path().compareTo(y.path()) >= 0) {
                return null;
            }
            if (c > 0) {
                upserts.add(y);
                j++;
                afterAdded = true;
                continue;
            }
            if (x != y && !x.equals(y)) {
                gone.add(x);
                upserts.add(y);
            }
            i++;
            j++;
            afterAdded = false;
        }
        for (; i < a.size(); i++) {
            gone.add(a.get(i));
        }
        for (; j < b.size(); j++) {
            if (j > 0 && b.get(j - 1).path().compareTo(b.get(j).path()) >= 0) {
                return null;
            }
            upserts.add(b.get(j));
        }
        stepped += a.size() + b.size();
        return new Diff(gone, upserts);
    }

    private ClutterState state(WorkbenchContext ctx, ModelEntry model) {
        boolean pending = false;
        boolean unreadable = false;
        for (Node n : estimated) {
            if (accounting.unreadable(ctx, n.entry())) {
                unreadable = true;
            } else {
                pending = true;
            }
            if (pending && unreadable) {
                break;
            }
        }
        List<ClutterItem> breakdown = new ArrayList<>(Clutter.BREAKDOWN_FILES + 4);
        breakdown.add(ClutterItem.of(ClutterItem.Kind.SYSTEM, scale(accounting.systemTokens(manifest.isEmpty()))));
        long kept = 0;
        for (Node n : largest) {
            if (breakdown.size() > Clutter.BREAKDOWN_FILES) {
                break;
            }
            breakdown.add(ClutterItem.file(n.path(), n.tokens()));
            kept += n.tokens();
        }
        if (largest.size() > Clutter.BREAKDOWN_FILES) {
            breakdown.add(new ClutterItem(ClutterItem.Kind.OTHER_FILES, null, total - kept,
                    largest.size() - Clutter.BREAKDOWN_FILES));
        }
        breakdown.add(ClutterItem.of(ClutterItem.Kind.CONVERSATION, scale(ctx.conversationTokens())));
        TokenSource s = pending || unreadable ? source.weakest(TokenSource.ESTIMATED) : source;
        return Clutter.of(breakdown, model, s);
    }
}
