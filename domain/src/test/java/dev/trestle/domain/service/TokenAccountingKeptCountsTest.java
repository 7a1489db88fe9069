package dev.trestle.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.fakes.FakeTokenCounter;
import dev.trestle.domain.fakes.InMemoryEngineLog;
import dev.trestle.domain.fakes.InMemoryTokenCalibration;
import dev.trestle.domain.fakes.InMemoryTokenCountCache;
import dev.trestle.domain.fakes.TestRegistry;
import dev.trestle.domain.fakes.TextFiles;
import dev.trestle.domain.model.ClutterState;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.TokenSource;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.out.PublishedFilesPort;
import dev.trestle.domain.port.out.TokenCountCachePort;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** Counts kept across restarts: a reopen counts nothing it counted before, and a failing cache changes nothing. */
class TokenAccountingKeptCountsTest {
    private static final Instant T = Instant.parse("2026-12-06T00:00:00Z");
    private static final String WB = "01JD0000000000000000000WB1";
    private static final ModelEntry GPT = TestRegistry.standard().find(TestRegistry.GPT).orElseThrow();

    private final Map<String, String> contents = new HashMap<>();
    private final Queue<Runnable> background = new ArrayDeque<>();
    private final List<WorkbenchContext> settled = new ArrayList<>();
    private final InMemoryTokenCountCache kept = new InMemoryTokenCountCache();
    private final InMemoryEngineLog log = new InMemoryEngineLog();

    private final PublishedFilesPort files = new TextFiles(contents);

    /** A fresh engine's accounting (empty memory) over the shared cache, counting with {@code counter}. */
    private TokenAccounting engine(FakeTokenCounter counter, TokenCountCachePort cache) {
        return new TokenAccounting(counter, new InMemoryTokenCalibration(), cache, new PromptBuilder(files),
                background::add, log);
    }

    private FileEntry file(String name, String content) {
        contents.put(name, content);
        return FileEntry.of(name, content.length(), String.format("%064x", (long) (name + content).hashCode()
                & 0xffffffffL), T, T);
    }

    private WorkbenchContext context(TokenAccounting accounting, List<FileEntry> manifest) {
        return new WorkbenchContext(WB, new WorkbenchInfo(WB, "W", T, T, null), new WorkshopState(null, null),
                manifest, List.of(), Optional.empty(), accounting::conversationTokens);
    }

    /** Four bodies of about 112 KiB: more than is counted inline, so a cold engine counts them in the background. */
    private List<FileEntry> bigManifest() {
        List<FileEntry> manifest = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            manifest.add(file("big" + i + ".txt", ("word " + i + " ").repeat(16_000)));
        }
        return manifest;
    }

    @Test
    void a_reopen_with_every_body_kept_counts_no_body_schedules_nothing_and_is_not_estimated() {
        List<FileEntry> manifest = bigManifest();
        TokenAccounting first = engine(new FakeTokenCounter(), kept);
        WorkbenchContext ctx = context(first, manifest);
        assertThat(first.clutter(ctx, GPT, settled::add).source()).isEqualTo(TokenSource.ESTIMATED);
        assertThat(background).hasSize(1);
        background.poll().run();
        ClutterState counted = first.clutter(ctx, GPT, settled::add);
        // the first clutter's wrappers and system text in one call, the background batch of bodies in another
        assertThat(kept.records()).isEqualTo(2);
        assertThat(kept.loadAll(KeptCounts.TAG)).containsKeys(manifest.stream().map(FileEntry::sha256)
                .toArray(String[]::new));

        FakeTokenCounter counter = new FakeTokenCounter();
        TokenAccounting reopened = engine(counter, kept);
        ClutterState again = reopened.clutter(context(reopened, manifest), GPT, settled::add);
        assertThat(again.source()).isEqualTo(TokenSource.EXACT);
        assertThat(again.usageTokensEstimate()).isEqualTo(counted.usageTokensEstimate());
        assertThat(background).isEmpty();
        // nothing at all: bodies, system text, manifest lines and headings are all kept
        assertThat(counter.countedChars()).isZero();
        assertThat(kept.records()).isEqualTo(2);
    }

    @Test
    void bodies_counted_inline_are_recorded_in_one_call_per_batch() {
        List<FileEntry> manifest = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            manifest.add(file("f" + i + ".txt", "line " + i + " of a small file\n"));
        }
        TokenAccounting accounting = engine(new FakeTokenCounter(), kept);
        WorkbenchContext ctx = context(accounting, manifest);
        accounting.clutter(ctx, GPT, settled::add);
        assertThat(kept.loads()).isEqualTo(1);
        assertThat(kept.records()).isEqualTo(1);
        // 50 bodies, 50 wrappers and the system text
        assertThat(kept.loadAll(KeptCounts.TAG)).hasSize(101).containsKeys(manifest.stream()
                .map(FileEntry::sha256).toArray(String[]::new));

        manifest.add(file("new.txt", "x".repeat(500)));
        ctx.setManifest(manifest);
        accounting.clutter(ctx, GPT, settled::add);
        assertThat(kept.records()).isEqualTo(2);
        // loaded once, on first need (the second load is this test's own)
        assertThat(kept.loads()).isEqualTo(2);
        // the new body and its wrapper, in the one call
        assertThat(kept.loadAll(KeptCounts.TAG)).hasSize(103)
                .containsKey(manifest.get(50).sha256());
    }

    @Test
    void counts_kept_under_other_counting_rules_are_not_used() {
        List<FileEntry> manifest = bigManifest();
        Map<String, Integer> stale = new HashMap<>();
        manifest.forEach(f -> stale.put(f.sha256(), 1));
        kept.record("o200k_base;body=0;max=1", stale);
        TokenAccounting accounting = engine(new FakeTokenCounter(), kept);
        assertThat(accounting.clutter(context(accounting, manifest), GPT, settled::add).source())
                .isEqualTo(TokenSource.ESTIMATED);
        assertThat(background).hasSize(1);
    }

    @Test
    void a_failing_cache_is_logged_once_per_failure_and_clutter_still_answers() {
        TokenCountCachePort broken = new TokenCountCachePort() {
            @Override
            public Map<String, Integer> loadAll(String tag) {
                throw new IllegalStateException("unreadable");
            }

            @Override
            public void record(String tag, Map<String, Integer> counts) {
                throw new IllegalStateException("disk full");
            }
        };
        TokenAccounting accounting = engine(new FakeTokenCounter(), broken);
        WorkbenchContext ctx = context(accounting, new ArrayList<>(List.of(file("a.txt", "alpha beta gamma\n"))));
        ClutterState state = accounting.clutter(ctx, GPT, settled::add);
        assertThat(state.source()).isEqualTo(TokenSource.EXACT);
        assertThat(state.usageTokensEstimate()).isPositive();
        assertThat(log.entries("token_counts_unreadable")).hasSize(1);
        assertThat(log.entries("token_counts_save_failed")).hasSize(1);

        ctx.setManifest(List.of(ctx.manifest().get(0), file("b.txt", "delta epsilon\n")));
        assertThat(accounting.clutter(ctx, GPT, settled::add).source()).isEqualTo(TokenSource.EXACT);
        // the load is not retried; the second batch's save failure is logged again
        assertThat(log.entries("token_counts_unreadable")).hasSize(1);
        assertThat(log.entries("token_counts_save_failed")).hasSize(2);
    }
}
