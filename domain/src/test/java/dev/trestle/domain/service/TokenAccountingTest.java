package dev.trestle.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.fakes.FakeTokenCounter;
import dev.trestle.domain.fakes.InMemoryEngineLog;
import dev.trestle.domain.fakes.InMemoryTokenCalibration;
import dev.trestle.domain.fakes.InMemoryTokenCountCache;
import dev.trestle.domain.fakes.TestRegistry;
import dev.trestle.domain.fakes.TextFiles;
import dev.trestle.domain.model.ClutterItem;
import dev.trestle.domain.model.ClutterState;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.TokenRatio;
import dev.trestle.domain.model.TokenSource;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.out.PublishedFilesPort;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** Token accounting over fakes: what is counted when, and how clutter answers meanwhile. */
class TokenAccountingTest {
    private static final Instant T = Instant.parse("2026-12-06T00:00:00Z");
    private static final String WB = "01JD0000000000000000000WB1";
    private static final ModelEntry GPT = TestRegistry.standard().find(TestRegistry.GPT).orElseThrow();
    private static final ModelEntry MISTRAL = TestRegistry.standard().find(TestRegistry.MISTRAL).orElseThrow();

    /** Published text files by name; content hash = name + content length (distinct per test file). */
    private final Map<String, String> contents = new HashMap<>();
    private final Queue<Runnable> background = new ArrayDeque<>();
    private final List<WorkbenchContext> settled = new ArrayList<>();
    private final FakeTokenCounter counter = new FakeTokenCounter();
    private final InMemoryTokenCalibration calibration = new InMemoryTokenCalibration();

    private final PublishedFilesPort files = new TextFiles(contents);

    private final TokenAccounting accounting = new TokenAccounting(counter, calibration, new InMemoryTokenCountCache(),
            new PromptBuilder(files), background::add, new InMemoryEngineLog());

    private FileEntry file(String name, String content) {
        contents.put(name, content);
        return FileEntry.of(name, content.length(), String.format("%064x", (long) (name + content).hashCode()
                & 0xffffffffL), T, T);
    }

    private WorkbenchContext context(List<FileEntry> manifest) {
        return new WorkbenchContext(WB, new WorkbenchInfo(WB, "W", T, T, null), new WorkshopState(null, null),
                manifest, List.of(), Optional.empty(), accounting::conversationTokens);
    }

    @Test
    void a_one_file_change_in_a_big_workbench_counts_only_that_file() {
        List<FileEntry> manifest = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            manifest.add(file("f" + i + ".txt", "line " + i + " of a small file\n"));
        }
        WorkbenchContext ctx = context(manifest);
        ClutterState first = accounting.clutter(ctx, GPT, settled::add);
        assertThat(first.source()).isEqualTo(TokenSource.EXACT);
        long cold = counter.countedChars();

        manifest.add(file("new.txt", "x".repeat(500)));
        ctx.setManifest(manifest);
        ClutterState second = accounting.clutter(ctx, GPT, settled::add);
        long recount = counter.countedChars() - cold;
        // the new body, its manifest line and heading; nothing of the 2 000 others
        assertThat(recount).isLessThan(600).isGreaterThanOrEqualTo(500);
        assertThat(second.usageTokensEstimate()).isGreaterThan(first.usageTokensEstimate());
        assertThat(second.breakdown().stream().mapToLong(ClutterItem::tokens).sum())
                .isEqualTo(second.usageTokensEstimate());

        // asking again changes nothing and counts nothing
        assertThat(accounting.clutter(ctx, GPT, settled::add)).isSameAs(second);
        assertThat(counter.countedChars() - cold).isEqualTo(recount);
        assertThat(background).isEmpty();
    }

    @Test
    void a_large_change_is_counted_in_the_background_while_clutter_answers_with_an_estimate() {
        List<FileEntry> manifest = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            manifest.add(file("big" + i + ".txt", ("word " + i + " ").repeat(16_000)));
        }
        WorkbenchContext ctx = context(manifest);
        ClutterState pending = accounting.clutter(ctx, GPT, settled::add);
        assertThat(pending.source()).isEqualTo(TokenSource.ESTIMATED);
        assertThat(background).hasSize(1);
        assertThat(settled).isEmpty();

        background.poll().run();
        assertThat(settled).containsExactly(ctx);
        ClutterState counted = accounting.clutter(ctx, GPT, settled::add);
        assertThat(counted.source()).isEqualTo(TokenSource.EXACT);
        // the byte estimate over-reads what was then counted
        assertThat(pending.usageTokensEstimate()).isGreaterThan(counted.usageTokensEstimate());
        assertThat(background).isEmpty();
    }

    @Test
    void an_unreadable_file_keeps_its_estimate_without_rescheduling() {
        FileEntry gone = FileEntry.of("gone.txt", 300_000, "f".repeat(64), T, T);
        WorkbenchContext ctx = context(List.of(gone));
        ClutterState first = accounting.clutter(ctx, GPT, settled::add);
        assertThat(first.source()).isEqualTo(TokenSource.ESTIMATED);
        assertThat(first.breakdown().get(1).tokens()).isGreaterThan(100 * 1024 / 3);
        ctx.countsChanged();
        assertThat(accounting.clutter(ctx, GPT, settled::add).source()).isEqualTo(TokenSource.ESTIMATED);
        assertThat(background).isEmpty();
        assertThat(settled).isEmpty();
    }

    @Test
    void other_models_scale_by_the_prior_until_a_reported_usage_calibrates_them_and_the_ratio_is_stored() {
        WorkbenchContext ctx = context(List.of(file("a.txt", "alpha beta gamma ".repeat(100))));
        ClutterState exact = accounting.clutter(ctx, GPT, settled::add);
        ClutterState prior = accounting.clutter(ctx, MISTRAL, settled::add);
        assertThat(prior.source()).isEqualTo(TokenSource.ESTIMATED);
        for (int i = 0; i < exact.breakdown().size(); i++) {
            assertThat(prior.breakdown().get(i).tokens())
                    .isEqualTo((long) Math.ceil(exact.breakdown().get(i).tokens() * 1.35 - 1e-9));
        }
        accounting.calibrate(MISTRAL, 1_000, 1_200);
        ClutterState calibrated = accounting.clutter(ctx, MISTRAL, settled::add);
        assertThat(calibrated.source()).isEqualTo(TokenSource.CALIBRATED);
        assertThat(calibrated.errorBandPercent()).isEqualTo(5.0);
        assertThat(calibration.loadAll()).containsEntry(TestRegistry.MISTRAL, new TokenRatio(1.2, 1));
        // exact models never calibrate
        accounting.calibrate(GPT, 1_000, 1_500);
        assertThat(calibration.loadAll()).doesNotContainKey(TestRegistry.GPT);
    }
}
