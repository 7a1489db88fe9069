package dev.trestle.domain.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Clutter math of {@code algorithms.md} §6: the next request's tokens against the usable window.
 */
public final class Clutter {
    /** Window when the registry gives none. */
    public static final long DEFAULT_WINDOW = 32_000;
    /**
     * Output tokens the engine reserves for the reply (Anthropic's {@code max_tokens}); the request may use the rest
     * of the window.
     */
    public static final long RESERVED_OUTPUT_TOKENS = 8_192;
    /** Files listed one by one in a breakdown; the rest are summed into one {@code other_files} item. */
    public static final int BREAKDOWN_FILES = 10;

    /** The breakdown's order of files: most tokens first, ties by path ({@link String#compareTo}). */
    public static final Comparator<ClutterItem> LARGEST_FIRST = Comparator.comparingLong(ClutterItem::tokens)
            .reversed().thenComparing(ClutterItem::path);

    private Clutter() {
    }

    public static long window(ModelEntry model) {
        return model.contextTokensEstimate() > 0 ? model.contextTokensEstimate() : DEFAULT_WINDOW;
    }

    /** The reserve, never more than half of a small window. */
    public static long reservedOutput(ModelEntry model) {
        return Math.min(RESERVED_OUTPUT_TOKENS, window(model) / 2);
    }

    /**
     * The state for {@code items} (already in provider tokens). The breakdown lists the system item, the files largest
     * first (those beyond {@link #BREAKDOWN_FILES} folded into one {@code other_files} item), then the conversation and
     * the stream; the total is the exact sum of the breakdown.
     */
    public static ClutterState state(List<ClutterItem> items, ModelEntry model, TokenSource source) {
        return of(fold(items), model, source);
    }

    /**
     * The state for a {@code breakdown} already in {@link #state}'s order (system, files largest first by
     * {@link #LARGEST_FIRST}, at most {@link #BREAKDOWN_FILES} of them then {@code other_files}, conversation,
     * stream), e.g. kept up to date incrementally. The total is the exact sum of the breakdown.
     */
    public static ClutterState of(List<ClutterItem> breakdown, ModelEntry model, TokenSource source) {
        long usage = 0;
        for (ClutterItem i : breakdown) {
            usage += i.tokens();
        }
        long window = window(model);
        long reserved = reservedOutput(model);
        double score = Math.max(0, Math.min(1, (double) usage / Math.max(1, window - reserved)));
        return new ClutterState(score, ClutterLevel.of(score), model.modelId(), usage, window, reserved, source,
                source.errorBandPercent(), breakdown);
    }

    private static List<ClutterItem> fold(List<ClutterItem> items) {
        List<ClutterItem> files = new ArrayList<>();
        List<ClutterItem> out = new ArrayList<>();
        for (ClutterItem i : items) {
            if (i.kind() == ClutterItem.Kind.FILE) {
                files.add(i);
            } else {
                out.add(i);
            }
        }
        if (files.size() > BREAKDOWN_FILES) {
            // the largest BREAKDOWN_FILES by a bounded heap (O(n log k)); the rest are summed
            PriorityQueue<ClutterItem> top = new PriorityQueue<>(BREAKDOWN_FILES + 1, LARGEST_FIRST.reversed());
            long total = 0;
            for (ClutterItem f : files) {
                total += f.tokens();
                top.add(f);
                if (top.size() > BREAKDOWN_FILES) {
                    top.poll();
                }
            }
            List<ClutterItem> kept = new ArrayList<>(top);
            long keptTokens = 0;
            for (ClutterItem f : kept) {
                keptTokens += f.tokens();
            }
            kept.sort(LARGEST_FIRST);
            kept.add(new ClutterItem(ClutterItem.Kind.OTHER_FILES, null, total - keptTokens,
                    files.size() - BREAKDOWN_FILES));
            files = kept;
        } else {
            files.sort(LARGEST_FIRST);
        }
        List<ClutterItem> all = new ArrayList<>(out.size() + files.size());
        for (ClutterItem i : out) {
            if (i.kind() == ClutterItem.Kind.SYSTEM) {
                all.add(i);
            }
        }
        all.addAll(files);
        for (ClutterItem i : out) {
            if (i.kind() != ClutterItem.Kind.SYSTEM) {
                all.add(i);
            }
        }
        return all;
    }

    /** The largest items of {@code state}, biggest first (what to drop first when a request will not fit). */
    public static List<ClutterItem> largest(ClutterState state, int n) {
        return state.breakdown().stream().filter(i -> i.tokens() > 0)
                .sorted(Comparator.comparingLong(ClutterItem::tokens).reversed()).limit(n).toList();
    }
}
