package dev.trestle.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.fakes.FakeTokenCounter;
import dev.trestle.domain.fakes.InMemoryEngineLog;
import dev.trestle.domain.fakes.InMemoryTokenCalibration;
import dev.trestle.domain.fakes.InMemoryTokenCountCache;
import dev.trestle.domain.fakes.TestRegistry;
import dev.trestle.domain.fakes.TextFiles;
import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.Clutter;
import dev.trestle.domain.model.ClutterItem;
import dev.trestle.domain.model.ClutterState;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.FileKind;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.TokenSource;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.out.PublishedFilesPort;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The incremental file part of clutter ({@link FileClutter}) against the computation from scratch: after any sequence
 * of changes the state is the same, field by field, and a change of one file prices one file.
 */
class FileClutterTest {
    private static final Instant T = Instant.parse("2026-12-07T00:00:00Z");
    private static final String WB = "01JD0000000000000000000WB2";
    private static final ModelEntry GPT = TestRegistry.standard().find(TestRegistry.GPT).orElseThrow();
    private static final ModelEntry MISTRAL = TestRegistry.standard().find(TestRegistry.MISTRAL).orElseThrow();
    private static final ModelEntry SONNET = TestRegistry.standard().find(TestRegistry.SONNET).orElseThrow();
    /** GPT with a smaller observed window. */
    private static final ModelEntry GPT_SMALL = new ModelEntry(TestRegistry.GPT, ProviderId.OPENAI, "OpenAI GPT-5.2",
            20_000, "gpt-5.2");

    /** Readable text by file name; a text file without an entry here is unreadable. */
    private final Map<String, String> contents = new HashMap<>();
    private final Queue<Runnable> background = new ArrayDeque<>();
    private final List<WorkbenchContext> settled = new ArrayList<>();
    private final FakeTokenCounter counter = new FakeTokenCounter();
    private final InMemoryTokenCalibration calibration = new InMemoryTokenCalibration();

    private final PublishedFilesPort files = new TextFiles(contents);

    private final TokenAccounting accounting = new TokenAccounting(counter, calibration,
            new InMemoryTokenCountCache(), new PromptBuilder(files),
            background::add, new InMemoryEngineLog());

    private FileEntry file(String name, String content) {
        contents.put(name, content);
        return entry(name, content.length(), name + content);
    }

    /** A text file whose content the store cannot give. */
    private FileEntry unreadable(String name, int size) {
        contents.remove(name);
        return entry(name, size, name + "#" + size);
    }

    private static FileEntry entry(String name, long size, String hashed) {
        return FileEntry.of(name, size, String.format("%016x", (long) hashed.hashCode()).repeat(4), T, T);
    }

    private WorkbenchContext context(List<FileEntry> manifest) {
        return new WorkbenchContext(WB, new WorkbenchInfo(WB, "W", T, T, null), new WorkshopState(null, null),
                manifest, List.of(), Optional.empty(), accounting::conversationTokens);
    }

    /** {@code TokenAccounting}'s computation before it was incremental: every file's item, folded by Clutter. */
    private ClutterState fromScratch(WorkbenchContext ctx, ModelEntry model) {
        List<FileEntry> manifest = ctx.manifest();
        List<ClutterItem> items = new ArrayList<>();
        items.add(ClutterItem.of(ClutterItem.Kind.SYSTEM, accounting.systemTokens(manifest.isEmpty())));
        boolean estimated = false;
        for (FileEntry f : manifest) {
            Integer body = accounting.body(f);
            estimated |= body == null;
            items.add(ClutterItem.file(f.path(),
                    accounting.wrapper(f) + (body != null ? body : TokenAccounting.estimate(f))));
        }
        items.add(ClutterItem.of(ClutterItem.Kind.CONVERSATION, ctx.conversationTokens()));
        WorkshopRun run = ctx.run();
        if (run != null && run.inflightTokens > 0) {
            items.add(ClutterItem.of(ClutterItem.Kind.STREAM, run.inflightTokens));
        }
        boolean exact = accounting.source(model) == TokenSource.EXACT;
        List<ClutterItem> scaled = new ArrayList<>();
        for (ClutterItem i : items) {
            scaled.add(exact ? i : i.withTokens(accounting.ratio(model).apply(i.tokens())));
        }
        TokenSource source = accounting.source(model);
        return Clutter.state(scaled, model, estimated ? source.weakest(TokenSource.ESTIMATED) : source);
    }

    /** The clutter as the engine answers it, checked against both computations from scratch. */
    private ClutterState checked(WorkbenchContext ctx, ModelEntry model) {
        ClutterState incremental = accounting.clutter(ctx, model, settled::add);
        assertThat(incremental).isEqualTo(fromScratch(ctx, model));
        Object kept = ctx.clutterCache();
        ctx.setClutterCache(null);
        ClutterState rebuilt = accounting.clutter(ctx, model, settled::add);
        ctx.setClutterCache(kept);
        assertThat(incremental).isEqualTo(rebuilt);
        assertThat(incremental.breakdown().stream().mapToLong(ClutterItem::tokens).sum())
                .isEqualTo(incremental.usageTokensEstimate());
        return incremental;
    }

    private static List<FileEntry> sorted(Map<String, FileEntry> byPath) {
        return new ArrayList<>(byPath.values());
    }

    private void settle() {
        while (!background.isEmpty()) {
            background.poll().run();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 2026})
    void any_sequence_of_changes_gives_the_state_computed_from_scratch(long seed) {
        randomSequence(seed, new TreeMap<>());
    }

    /** As files.json keeps them: in the order files were added (a new name is appended, a replaced one stays). */
    @ParameterizedTest
    @ValueSource(longs = {3, 11, 1999})
    void any_sequence_of_changes_in_insertion_order_gives_the_state_computed_from_scratch(long seed) {
        randomSequence(seed, new LinkedHashMap<>());
    }

    private void randomSequence(long seed, Map<String, FileEntry> current) {
        Random random = new Random(seed);
        for (int i = 0; i < 12; i++) {
            FileEntry f = file(String.format("f%03d.txt", i), "x".repeat(8 * (1 + random.nextInt(4))));
            current.put(f.path(), f);
        }
        WorkbenchContext ctx = context(sorted(current));
        ModelEntry[] models = {GPT, MISTRAL, SONNET, GPT_SMALL};
        ModelEntry model = GPT;
        checked(ctx, model);
        int[] sizes = {0, 8, 8, 16, 16, 40, 300, 2_000};
        int messages = 0;
        for (int step = 0; step < 400; step++) {
            int op = random.nextInt(17);
            List<String> paths = new ArrayList<>(current.keySet());
            String some = paths.isEmpty() ? null : paths.get(random.nextInt(paths.size()));
            String fresh = String.format("f%03d.txt", random.nextInt(120));
            String text = "y".repeat(sizes[random.nextInt(sizes.length)]) + step;
            switch (op) {
                case 0, 1 -> current.put(fresh, file(fresh, text));
                case 2 -> {
                    if (some != null) {
                        current.remove(some);
                    }
                }
                case 3 -> {
                    if (some != null && current.get(some).fileKind() == FileKind.TEXT) {
                        current.put(some, file(some, text));
                    }
                }
                case 4 -> {
                    if (some != null && contents.containsKey(some) && !current.containsKey(fresh)) {
                        FileEntry gone = current.remove(some);
                        current.put(fresh, file(fresh, contents.get(some)));
                        assertThat(gone.path()).isNotEqualTo(fresh);
                    }
                }
                case 5 -> {
                    // more than INLINE_BYTES of new text at once: counted in the background
                    for (int k = 0; k < 3; k++) {
                        String big = String.format("big%02d.md", random.nextInt(30));
                        current.put(big, file(big, ("z" + step + " ").repeat(30_000 + k)));
                    }
                }
                case 6 -> {
                    String name = String.format("b%02d.%s", random.nextInt(20),
                            List.of("png", "pdf", "bin", "docx").get(random.nextInt(4)));
                    current.put(name, entry(name, 1_000 + random.nextInt(3), name + step));
                }
                case 7 -> {
                    String name = String.format("u%02d.txt", random.nextInt(10));
                    current.put(name, unreadable(name, 10 + random.nextInt(50_000)));
                }
                case 8 -> ctx.appended(ConversationRecord.user("m" + messages++, "hello " + text, T));
                case 9 -> settle();
                case 10 -> model = models[random.nextInt(models.length)];
                case 11 -> accounting.calibrate(MISTRAL, 1_000, 1_000 + random.nextInt(500));
                case 12 -> {
                    WorkshopRun run = new WorkshopRun(CancelToken.NONE, () -> { });
                    run.inflightTokens = random.nextInt(3) * 100L;
                    ctx.setRun(random.nextBoolean() ? run : null);
                }
                case 13 -> {
                    // the same entries as new instances (a reload): equal, not identical
                    current.replaceAll((p, f) -> new FileEntry(f.path(), f.size(), f.sha256(), f.modifiedAt(),
                            f.addedAt(), f.fileKind(), f.mimeType()));
                    if (some != null) {
                        // and one whose listed size moved without its hash: any field change counts
                        FileEntry f = current.get(some);
                        current.put(some, new FileEntry(some, f.size() + 1, f.sha256(), T, T, f.fileKind(),
                                f.mimeType()));
                    }
                }
                case 14 -> {
                    for (int k = 0; k < 3 && !current.isEmpty(); k++) {
                        current.remove(current.keySet().toArray(String[]::new)[random.nextInt(current.size())]);
                    }
                    String other = String.format("g%03d.txt", random.nextInt(120));
                    current.put(other, file(other, text));
                    current.put(fresh, file(fresh, text + "!"));
                }
                case 15 -> ctx.countsChanged();
                default -> {
                    if (random.nextInt(8) == 0) {
                        current.clear();
                    }
                }
            }
            if (op != 8 && op != 9 && op != 10 && op != 11 && op != 12 && op != 15) {
                ctx.setManifest(sorted(current));
            }
            checked(ctx, model);
        }
        settle();
        ClutterState last = checked(ctx, GPT);
        assertThat(last.breakdown().get(0).kind()).isEqualTo(ClutterItem.Kind.SYSTEM);
    }

    @Test
    void a_one_file_change_of_ten_thousand_prices_one_file_and_a_message_prices_none() {
        TreeMap<String, FileEntry> current = new TreeMap<>();
        for (int i = 0; i < 10_000; i++) {
            FileEntry f = file(String.format("dir/file%05d.txt", i), "line " + i + "\n");
            current.put(f.path(), f);
        }
        WorkbenchContext ctx = context(sorted(current));
        checked(ctx, GPT);
        FileClutter state = accounting.fileClutter(ctx);
        long priced = state.priced();
        long counted = counter.countedChars();

        current.put("dir/file05000.txt", file("dir/file05000.txt", "changed\n"));
        ctx.setManifest(sorted(current));
        assertThat(accounting.clutter(ctx, GPT, settled::add)).isEqualTo(fromScratch(ctx, GPT));
        assertThat(accounting.fileClutter(ctx)).isSameAs(state);
        assertThat(state.priced() - priced).isEqualTo(1);
        // the new body, its manifest line and heading, nothing else
        assertThat(counter.countedChars() - counted).isLessThan(120);

        current.remove("dir/file00001.txt");
        current.put("dir/new.txt", file("dir/new.txt", "new\n"));
        ctx.setManifest(sorted(current));
        assertThat(accounting.clutter(ctx, GPT, settled::add)).isEqualTo(fromScratch(ctx, GPT));
        assertThat(state.priced() - priced).isEqualTo(2);

        long stepped = state.stepped();
        ctx.appended(ConversationRecord.user("m1", "one more question", T));
        ClutterState after = accounting.clutter(ctx, GPT, settled::add);
        assertThat(after).isEqualTo(fromScratch(ctx, GPT));
        assertThat(state.priced() - priced).isEqualTo(2);
        assertThat(state.stepped()).isEqualTo(stepped);
        assertThat(background).isEmpty();
    }

    @Test
    void in_insertion_order_an_added_changed_or_removed_file_prices_that_file_only() {
        LinkedHashMap<String, FileEntry> current = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            FileEntry f = file(String.format("f%05d.txt", (i * 7919) % 10_000), "line " + i + "\n");
            current.put(f.path(), f);
        }
        WorkbenchContext ctx = context(sorted(current));
        checked(ctx, GPT);
        FileClutter state = accounting.fileClutter(ctx);
        long priced = state.priced();
        current.put("appended.txt", file("appended.txt", "new\n"));
        ctx.setManifest(sorted(current));
        assertThat(accounting.clutter(ctx, GPT, settled::add)).isEqualTo(fromScratch(ctx, GPT));
        assertThat(state.priced() - priced).isEqualTo(1);
        current.put("f05000.txt", file("f05000.txt", "changed\n"));
        ctx.setManifest(sorted(current));
        assertThat(accounting.clutter(ctx, GPT, settled::add)).isEqualTo(fromScratch(ctx, GPT));
        assertThat(state.priced() - priced).isEqualTo(2);
        current.remove("f00042.txt");
        ctx.setManifest(sorted(current));
        assertThat(accounting.clutter(ctx, GPT, settled::add)).isEqualTo(fromScratch(ctx, GPT));
        assertThat(state.priced() - priced).isEqualTo(2);
    }

    @Test
    void settled_counts_reprice_only_the_estimated_files() {
        TreeMap<String, FileEntry> current = new TreeMap<>();
        for (int i = 0; i < 2_000; i++) {
            FileEntry f = file(String.format("f%04d.txt", i), "small " + i);
            current.put(f.path(), f);
        }
        WorkbenchContext ctx = context(sorted(current));
        checked(ctx, GPT);
        FileClutter state = accounting.fileClutter(ctx);
        long priced = state.priced();
        for (int k = 0; k < 3; k++) {
            current.put("big" + k + ".txt", file("big" + k + ".txt", ("word" + k + " ").repeat(20_000)));
        }
        ctx.setManifest(sorted(current));
        ClutterState pending = checked(ctx, GPT);
        assertThat(pending.source()).isEqualTo(TokenSource.ESTIMATED);
        assertThat(state.priced() - priced).isEqualTo(3);
        assertThat(background).isNotEmpty();

        settle();
        assertThat(settled).contains(ctx);
        ClutterState counted = checked(ctx, GPT);
        assertThat(counted.source()).isEqualTo(TokenSource.EXACT);
        assertThat(state.priced() - priced).isEqualTo(6);
        assertThat(counted.usageTokensEstimate()).isLessThan(pending.usageTokensEstimate());
    }

    @Test
    void the_system_item_follows_an_empty_manifest_both_ways() {
        WorkbenchContext ctx = context(List.of());
        ClutterState empty = checked(ctx, GPT);
        assertThat(empty.breakdown()).extracting(ClutterItem::kind)
                .containsExactly(ClutterItem.Kind.SYSTEM, ClutterItem.Kind.CONVERSATION);
        ctx.setManifest(List.of(file("a.txt", "alpha")));
        ClutterState one = checked(ctx, MISTRAL);
        ctx.setManifest(List.of(file("a.txt", "alpha")));
        assertThat(checked(ctx, GPT).breakdown().get(0).tokens()).isLessThan(empty.breakdown().get(0).tokens());
        assertThat(one.breakdown()).hasSize(3);
        ctx.setManifest(List.of());
        assertThat(checked(ctx, GPT)).isEqualTo(empty);
    }

    @Test
    void up_to_the_listing_limit_every_file_is_listed_and_one_more_folds_with_ties_by_path() {
        TreeMap<String, FileEntry> current = new TreeMap<>();
        for (int i = Clutter.BREAKDOWN_FILES - 1; i >= 0; i--) {
            FileEntry f = file("t" + i + ".txt", "same size!");
            current.put(f.path(), f);
        }
        WorkbenchContext ctx = context(sorted(current));
        ClutterState full = checked(ctx, GPT);
        assertThat(full.breakdown()).extracting(ClutterItem::path).containsExactly(null, "t0.txt", "t1.txt",
                "t2.txt", "t3.txt", "t4.txt", "t5.txt", "t6.txt", "t7.txt", "t8.txt", "t9.txt", null);

        current.put("a.txt", file("a.txt", "same size!"));
        ctx.setManifest(sorted(current));
        ClutterState over = checked(ctx, GPT);
        assertThat(over.breakdown()).extracting(ClutterItem::path).containsExactly(null, "a.txt", "t0.txt",
                "t1.txt", "t2.txt", "t3.txt", "t4.txt", "t5.txt", "t6.txt", "t7.txt", "t8.txt", null, null);
        assertThat(over.breakdown().subList(1, Clutter.BREAKDOWN_FILES + 1)).extracting(ClutterItem::tokens)
                .containsOnly(over.breakdown().get(1).tokens());
        ClutterItem other = over.breakdown().get(Clutter.BREAKDOWN_FILES + 1);
        assertThat(other.kind()).isEqualTo(ClutterItem.Kind.OTHER_FILES);
        assertThat(other.files()).isEqualTo(1);
        assertThat(other.tokens()).isEqualTo(over.breakdown().get(1).tokens());

        current.put("t9.txt", file("t9.txt", "a longer file than the others"));
        ctx.setManifest(sorted(current));
        assertThat(checked(ctx, GPT).breakdown().get(1).path()).isEqualTo("t9.txt");
        current.remove("a.txt");
        ctx.setManifest(sorted(current));
        assertThat(checked(ctx, GPT).breakdown()).hasSize(Clutter.BREAKDOWN_FILES + 2);
    }

    @Test
    void unreadable_and_binary_files_keep_their_estimate_and_placeholder() {
        FileEntry gone = unreadable("gone.txt", 30_000);
        FileEntry image = entry("photo.png", 5_000_000, "photo");
        FileEntry text = file("note.txt", "a note");
        WorkbenchContext ctx = context(List.of(gone, text, image));
        ClutterState first = checked(ctx, GPT);
        assertThat(first.source()).isEqualTo(TokenSource.ESTIMATED);
        assertThat(first.breakdown().get(1).path()).isEqualTo("gone.txt");
        assertThat(image.fileKind()).isEqualTo(FileKind.IMAGE);
        assertThat(background).isEmpty();
        ctx.countsChanged();
        assertThat(checked(ctx, MISTRAL).source()).isEqualTo(TokenSource.ESTIMATED);
        assertThat(checked(ctx, GPT).source()).isEqualTo(TokenSource.ESTIMATED);

        // a readable file with the same content: its count now serves the unreadable path too
        contents.put("copy.txt", "x".repeat(30_000));
        FileEntry copy = new FileEntry("copy.txt", 30_000, gone.sha256(), T, T, FileKind.TEXT, "text/plain");
        ctx.setManifest(List.of(copy, gone, text, image));
        assertThat(checked(ctx, GPT).source()).isEqualTo(TokenSource.EXACT);
        ctx.setManifest(List.of(gone, text, image));
        ClutterState counted = checked(ctx, GPT);
        assertThat(counted.source()).isEqualTo(TokenSource.EXACT);
        assertThat(counted.breakdown().get(1).tokens()).isLessThan(first.breakdown().get(1).tokens());
    }

    @Test
    void an_unsorted_or_duplicated_manifest_is_rebuilt_and_still_matches() {
        FileEntry a = file("a.txt", "alpha");
        FileEntry b = file("b.txt", "beta beta");
        FileEntry c = file("c.txt", "gamma gamma gamma");
        WorkbenchContext ctx = context(List.of(a, b, c));
        checked(ctx, GPT);
        ctx.setManifest(List.of(c, a, b));
        checked(ctx, GPT);
        ctx.setManifest(List.of(a, file("b.txt", "beta changed"), c));
        checked(ctx, GPT);
        ctx.setManifest(List.of(a, b, b, c));
        assertThat(checked(ctx, GPT).breakdown()).filteredOn(i -> "b.txt".equals(i.path())).hasSize(2);
        ctx.setManifest(List.of(a, c));
        assertThat(checked(ctx, GPT).breakdown()).hasSize(4);
        ctx.setManifest(List.of(a, b, c));
        assertThat(checked(ctx, GPT).breakdown()).hasSize(5);
    }
}
