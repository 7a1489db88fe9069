package dev.trestle.domain.service;

import dev.trestle.domain.model.Clutter;
import dev.trestle.domain.model.ClutterItem;
import dev.trestle.domain.model.ClutterState;
import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.FileKind;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.SentFile;
import dev.trestle.domain.model.TokenRatio;
import dev.trestle.domain.model.TokenSource;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.TokenCalibrationPort;
import dev.trestle.domain.port.out.TokenCountCachePort;
import dev.trestle.domain.port.out.TokenCounterPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;

/**
 * Token accounting of {@code algorithms.md} §6: what the next request will carry, counted locally in the base encoding
 * (o200k) from the prompt builder's own pieces and, for models whose tokenizer differs, scaled by a per-model ratio
 * learned from the provider's reported input tokens.
 * <p>
 * File bodies are counted once per content hash and kept; a change counts only what is new. Small changes are counted
 * in the request that makes them (at most {@link #INLINE_BYTES} of new text); anything larger is counted on the
 * background executor while clutter answers at once with a byte estimate (source {@code estimated}), and the
 * Workbench gets a fresh {@code WorkbenchClutterChanged} when the counts settle. Large batches are split into tasks of
 * about {@link #CHUNK_BYTES}, so an executor with several threads counts on every core. Body counts are kept across
 * restarts, and so are the wrappers, the fixed texts and the messages ({@link KeptCounts}): a reopen of an unchanged
 * Workbench and conversation counts nothing, and needs no encoder.
 */
public final class TokenAccounting {
    /** Framing tokens per message (role markers), the system instructions included. */
    static final int MESSAGE_OVERHEAD = 4;
    /** Framing tokens per request (the reply's priming). */
    static final int REQUEST_OVERHEAD = 3;
    /** New text counted inline by a mutating request; more goes to the background. */
    static final long INLINE_BYTES = 256 * 1024;
    /** Bytes per token assumed for a body not counted yet (over-reads o200k for prose, code and JSON). */
    static final double ESTIMATE_BYTES_PER_TOKEN = 3.0;
    /** Text per background task, so a batch spreads over the executor's threads. */
    static final long CHUNK_BYTES = 4L * 1024 * 1024;

    private final TokenCounterPort counter;
    private final TokenCalibrationPort store;
    private final KeptCounts kept;
    private final PromptBuilder prompts;
    private final Executor background;
    private final EngineLogPort log;

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();
    private final Map<WorkbenchContext, Consumer<WorkbenchContext>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong calibrations = new AtomicLong();
    private volatile Map<String, TokenRatio> ratios;

    /** {@code background} counts large changes (one thread is plenty; tests may queue or run tasks directly). */
    public TokenAccounting(TokenCounterPort counter, TokenCalibrationPort store, TokenCountCachePort keptCounts,
                           PromptBuilder prompts, Executor background, EngineLogPort log) {
        this.counter = counter;
        this.store = store;
        this.kept = new KeptCounts(counter, keptCounts, log);
        this.prompts = prompts;
        this.background = background;
        this.log = log;
    }

    /** Local tokens of one message as the request carries it (counted now: a stream's text so far, say). */
    public int messageTokens(String text) {
        return counter.count(text) + MESSAGE_OVERHEAD;
    }

    /** Local tokens of {@code texts} as messages of a request, from the kept counts; new counts recorded at once. */
    public long conversationTokens(List<String> texts) {
        return kept.batch(() -> {
            long sum = 0;
            for (String t : texts) {
                sum += kept.text(t) + MESSAGE_OVERHEAD;
            }
            return sum;
        });
    }

    // ---- per model ----

    TokenRatio ratio(ModelEntry model) {
        Map<String, TokenRatio> known = ratios;
        if (known == null) {
            Map<String, TokenRatio> loaded = new ConcurrentHashMap<>();
            try {
                loaded.putAll(store.loadAll());
            } catch (RuntimeException e) {
                log.warn("token_calibration_unreadable", Map.of("exception", e.getClass().getName()));
            }
            synchronized (this) {
                if (ratios == null) {
                    ratios = loaded;
                }
                known = ratios;
            }
        }
        TokenRatio r = known.get(model.modelId());
        return r != null ? r : TokenRatio.prior(model.provider());
    }

    TokenSource source(ModelEntry model) {
        if (counter.isExactFor(model)) {
            return TokenSource.EXACT;
        }
        return ratio(model).calibrated() ? TokenSource.CALIBRATED : TokenSource.ESTIMATED;
    }

    /**
     * Learns from a completed request whose local base count was {@code base} and for which the provider reported
     * {@code reported} input tokens. Exact models need no ratio. A failing store is logged, never fatal.
     */
    void calibrate(ModelEntry model, long base, long reported) {
        if (reported <= 0 || base <= 0 || counter.isExactFor(model)) {
            return;
        }
        TokenRatio before = ratio(model);
        TokenRatio after = before.withSample(base, reported);
        if (after.equals(before)) {
            return;
        }
        ratios.put(model.modelId(), after);
        calibrations.incrementAndGet();
        try {
            store.save(model.modelId(), after);
        } catch (RuntimeException e) {
            log.warn("token_calibration_save_failed", Map.of("model_id", model.modelId(),
                    "exception", e.getClass().getName()));
        }
    }

    // ---- clutter ----

    /** The last state of {@code ctx} without a stream, and the file part it came from (kept across changes). */
    private record Cached(long version, FileClutter files, ClutterState state) {
    }

    /**
     * The clutter of {@code ctx} for {@code model}, with the stream's text so far when a run is active. When some
     * bodies are left to the background, {@code settled} gets {@code ctx} once they are counted. After a change only
     * what changed is priced again ({@link FileClutter}); a new model, calibration or window starts over.
     */
    ClutterState clutter(WorkbenchContext ctx, ModelEntry model, Consumer<WorkbenchContext> settled) {
        // whatever this computation counts is recorded in one call
        return kept.batch(() -> clutterNow(ctx, model, settled));
    }

    private ClutterState clutterNow(WorkbenchContext ctx, ModelEntry model, Consumer<WorkbenchContext> settled) {
        Cached c = ctx.<Cached>clutterCache();
        long version = ctx.version();
        long calibration = calibrations.get();
        FileClutter files = c == null ? null : c.files();
        if (files == null || !files.isFor(model, calibration)) {
            LongUnaryOperator scale = counter.isExactFor(model) ? LongUnaryOperator.identity() : ratio(model)::apply;
            files = new FileClutter(this, model, calibration, scale, source(model));
            c = null;
        }
        if (c == null || c.version() != version) {
            c = new Cached(version, files, files.update(ctx, model, settled));
            if (ctx.version() == version) {
                ctx.setClutterCache(c);
            }
        }
        WorkshopRun run = ctx.run();
        long streamed = run == null ? 0 : run.inflightTokens;
        if (streamed <= 0) {
            return c.state();
        }
        List<ClutterItem> breakdown = new ArrayList<>(c.state().breakdown());
        breakdown.add(ClutterItem.of(ClutterItem.Kind.STREAM, files.scale(streamed)));
        return Clutter.of(breakdown, model, c.state().source());
    }

    /** The file part of {@code ctx}'s cached clutter, or null; for tests. */
    FileClutter fileClutter(WorkbenchContext ctx) {
        Cached c = ctx.<Cached>clutterCache();
        return c == null ? null : c.files();
    }

    private List<ClutterItem> scale(List<ClutterItem> local, ModelEntry model) {
        if (counter.isExactFor(model)) {
            return local;
        }
        TokenRatio r = ratio(model);
        List<ClutterItem> out = new ArrayList<>(local.size());
        for (ClutterItem i : local) {
            out.add(i.withTokens(r.apply(i.tokens())));
        }
        return out;
    }

    // ---- file pieces, for FileClutter ----

    /** Whether {@code f} is a text file whose body is neither counted nor known unreadable. */
    boolean missing(WorkbenchContext ctx, FileEntry f) {
        return f.fileKind() == FileKind.TEXT && !kept.hasBody(f.sha256())
                && !unreadable.contains(unreadableKey(ctx, f));
    }

    /** Whether reading {@code f}'s body for {@code ctx} failed. */
    boolean unreadable(WorkbenchContext ctx, FileEntry f) {
        return unreadable.contains(unreadableKey(ctx, f));
    }

    /** The tokens of {@code f}'s section body (a placeholder for other kinds), or null while not counted. */
    Integer body(FileEntry f) {
        if (f.fileKind() != FileKind.TEXT) {
            return kept.fixed(PromptBuilder.placeholder(f.fileKind()));
        }
        return kept.body(f.sha256());
    }

    /** The bytes of {@code f} a request carries at most. */
    static long sectionBytes(FileEntry f) {
        return Math.min(f.size(), PromptBuilder.MAX_FILE_BYTES);
    }

    /**
     * Counts {@code missing} bodies ({@code bytes} in all): inline up to {@link #INLINE_BYTES}, else in the
     * background with {@code settled} called once they are counted.
     */
    void count(WorkbenchContext ctx, List<FileEntry> missing, long bytes, Consumer<WorkbenchContext> settled) {
        if (missing.isEmpty()) {
            return;
        }
        if (bytes <= INLINE_BYTES) {
            countBodies(ctx, missing);
        } else {
            schedule(ctx, missing, settled);
        }
    }

    static long estimate(FileEntry f) {
        return (long) Math.ceil(sectionBytes(f) / ESTIMATE_BYTES_PER_TOKEN) + 1;
    }

    private static String unreadableKey(WorkbenchContext ctx, FileEntry f) {
        return ctx.id + "/" + f.path() + "/" + f.sha256();
    }

    int systemTokens(boolean noFiles) {
        int s = kept.fixed(PromptBuilder.INTRO) + MESSAGE_OVERHEAD + REQUEST_OVERHEAD;
        return noFiles ? s + kept.fixed(PromptBuilder.NO_FILES) : s;
    }

    int wrapper(FileEntry f) {
        return kept.wrapper(f);
    }

    /** Counts the bodies of {@code files} not counted yet; the new counts are recorded in one call. */
    private void countBodies(WorkbenchContext ctx, List<FileEntry> files) {
        kept.batch(() -> {
            for (FileEntry f : files) {
                if (kept.hasBody(f.sha256())) {
                    continue;
                }
                try {
                    kept.putBody(f.sha256(), counter.count(prompts.readBody(ctx.id, f, null)));
                } catch (TrestleException e) {
                    unreadable.add(unreadableKey(ctx, f));
                }
            }
            return null;
        });
    }

    private void schedule(WorkbenchContext ctx, List<FileEntry> missing, Consumer<WorkbenchContext> settled) {
        waiting.put(ctx, settled);
        List<FileEntry> mine = new ArrayList<>();
        for (FileEntry f : missing) {
            if (inFlight.add(f.sha256())) {
                mine.add(f);
            }
        }
        if (mine.isEmpty()) {
            return;
        }
        // chunks of about CHUNK_BYTES each, so a multi-threaded executor counts a big batch on every core
        List<List<FileEntry>> chunks = new ArrayList<>();
        List<FileEntry> chunk = new ArrayList<>();
        long bytes = 0;
        for (FileEntry f : mine) {
            chunk.add(f);
            bytes += sectionBytes(f);
            if (bytes >= CHUNK_BYTES) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        AtomicInteger left = new AtomicInteger(chunks.size());
        for (List<FileEntry> part : chunks) {
            Runnable task = () -> {
                try {
                    countBodies(ctx, part);
                } catch (RuntimeException e) {
                    log.warn("token_count_failed", Map.of("exception", e.getClass().getName()));
                } finally {
                    part.forEach(f -> inFlight.remove(f.sha256()));
                }
                if (left.decrementAndGet() == 0) {
                    notifyWaiting();
                }
            };
            try {
                background.execute(task);
            } catch (RejectedExecutionException e) {
                part.forEach(f -> inFlight.remove(f.sha256()));
                left.decrementAndGet();
            }
        }
    }

    private void notifyWaiting() {
        for (WorkbenchContext w : new ArrayList<>(waiting.keySet())) {
            Consumer<WorkbenchContext> callback = waiting.remove(w);
            if (callback != null) {
                w.countsChanged();
                callback.accept(w);
            }
        }
    }

    // ---- the request about to be sent ----

    /**
     * The next request counted piece by piece: its clutter state, its local base total (for calibration), and the
     * request as it will be sent: each file with its counted tokens, the reply cap (the output reserve) and the total.
     */
    record RequestCount(ClutterState state, long base, ChatRequest request) {
    }

    /**
     * Counts the request {@code built} from {@code manifest}: the same pieces clutter counts, bodies taken from the
     * cache or counted now from the text the builder just put in the request.
     */
    RequestCount forRequest(List<FileEntry> manifest, PromptBuilder.Built built, ModelEntry model) {
        // whatever this request counts is recorded in one call
        return kept.batch(() -> countRequest(manifest, built, model));
    }

    private RequestCount countRequest(List<FileEntry> manifest, PromptBuilder.Built built, ModelEntry model) {
        List<ClutterItem> items = new ArrayList<>(manifest.size() + 2);
        items.add(ClutterItem.of(ClutterItem.Kind.SYSTEM, systemTokens(manifest.isEmpty())));
        for (int i = 0; i < manifest.size(); i++) {
            FileEntry f = manifest.get(i);
            String body = built.bodies().get(i);
            int tokens = f.fileKind() == FileKind.TEXT ? kept.body(f.sha256(), body) : kept.fixed(body);
            items.add(ClutterItem.file(f.path(), wrapper(f) + tokens));
        }
        List<String> texts = new ArrayList<>(built.request().messages().size());
        for (ChatRequest.Message m : built.request().messages()) {
            texts.add(m.text());
        }
        long conversation = conversationTokens(texts);
        items.add(ClutterItem.of(ClutterItem.Kind.CONVERSATION, conversation));
        long base = 0;
        for (ClutterItem i : items) {
            base += i.tokens();
        }
        List<ClutterItem> scaled = scale(items, model);
        TokenSource source = source(model);
        ClutterState state = Clutter.state(scaled, model, source);
        // the receipt's files are the manifest's text files in manifest order; items[0] is the system text
        List<SentFile> sent = built.request().files();
        List<SentFile> counted = new ArrayList<>(sent.size());
        boolean estimated = source != TokenSource.EXACT;
        int next = 0;
        for (int i = 0; i < manifest.size() && next < sent.size(); i++) {
            if (manifest.get(i).fileKind() == FileKind.TEXT) {
                counted.add(sent.get(next++).withTokens(scaled.get(i + 1).tokens(), estimated));
            }
        }
        ChatRequest request = built.request().withAccounting(counted, state.reservedOutputTokens(),
                state.usageTokensEstimate(), !estimated);
        return new RequestCount(state, base, request);
    }

    /** The provider tokens {@code added} messages add to a request for {@code model} (a proposal's repair round). */
    long addedTokens(ModelEntry model, List<ChatRequest.Message> added) {
        List<ClutterItem> items = new ArrayList<>(added.size());
        for (ChatRequest.Message m : added) {
            items.add(ClutterItem.of(ClutterItem.Kind.CONVERSATION, messageTokens(m.text())));
        }
        long sum = 0;
        for (ClutterItem i : scale(items, model)) {
            sum += i.tokens();
        }
        return sum;
    }
}
