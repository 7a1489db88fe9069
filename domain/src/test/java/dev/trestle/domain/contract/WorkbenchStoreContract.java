package dev.trestle.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.fakes.FakeClock;
import dev.trestle.domain.fakes.SequentialIds;
import dev.trestle.domain.model.AddResult;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.FileChange;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.Limits;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.RemoveResult;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.out.CheckpointStorePort;
import dev.trestle.domain.port.out.DraftStorePort;
import dev.trestle.domain.port.out.PublishedFilesPort;
import dev.trestle.domain.port.out.WorkbenchCatalogPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every Workbench store must do through its four ports (catalog, Published files, Draft, checkpoints), as the
 * services rely on it. Run against the filesystem adapter and against {@code InMemoryWorkbenchStore}, so the fake the
 * service unit tests use keeps the adapter's rules. Crash safety, hard links and retention are the adapter's own
 * contracts ({@code adapters/src/test/.../fs}).
 */
public abstract class WorkbenchStoreContract {
    protected static final String GPT = "openai:gpt-5.2";

    /** The four ports of one store. */
    public record Ports(WorkbenchCatalogPort catalog, PublishedFilesPort published, DraftStorePort drafts,
                           CheckpointStorePort checkpoints) {
    }

    protected final FakeClock clock = new FakeClock();
    protected final SequentialIds ids = new SequentialIds(clock);
    protected Ports store;

    /** A store over an empty data dir, using {@link #clock} and {@link #ids}. */
    protected abstract Ports newStore() throws Exception;

    /** A source file with {@code text}; returns the path {@link PublishedFilesPort#add} takes. */
    protected abstract String source(String name, String text) throws Exception;

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    private String newWorkbench() {
        String id = ids.newUlid();
        Instant now = clock.now();
        store.catalog().create(new WorkbenchInfo(id, "Analysis", now, now, GPT), new WorkshopState(GPT, null));
        return id;
    }

    private List<String> names(List<FileEntry> manifest) {
        return manifest.stream().map(FileEntry::path).sorted().toList();
    }

    @Test
    void a_created_workbench_loads_back_and_is_gone_after_delete() {
        String wb = newWorkbench();
        assertThat(store.catalog().load(wb)).get().satisfies(i -> assertThat(i.name()).isEqualTo("Analysis"));
        assertThat(store.catalog().loadWorkshopState(wb)).contains(new WorkshopState(GPT, null));
        assertThat(store.catalog().list()).extracting(WorkbenchInfo::id).contains(wb);
        assertThat(store.published().manifest(wb)).isEmpty();

        store.catalog().save(store.catalog().load(wb).orElseThrow().withName("Renamed"));
        assertThat(store.catalog().load(wb).orElseThrow().name()).isEqualTo("Renamed");

        store.catalog().delete(wb);
        assertThat(store.catalog().load(wb)).isEmpty();
        assertThat(store.catalog().list()).extracting(WorkbenchInfo::id).doesNotContain(wb);
    }

    @Test
    void added_files_are_listed_readable_and_removable() throws Exception {
        String wb = newWorkbench();
        String a = source("a.txt", "alpha");
        String b = source("b.md", "# beta");
        PublishedFilesPort.AddBatch batch = store.published().add(wb, List.of(a, b), Limits.DEFAULT);
        assertThat(batch.results()).extracting(AddResult::status).containsOnly(AddResult.Status.ADDED);
        assertThat(names(batch.manifest())).containsExactly("a.txt", "b.md");
        assertThat(names(store.published().manifest(wb))).containsExactly("a.txt", "b.md");
        assertThat(store.published().readText(wb, "a.txt", 1024)).get()
                .satisfies(t -> assertThat(t.text()).isEqualTo("alpha"));

        List<RemoveResult> removed = store.published().remove(wb, List.of("a.txt", "nope.txt"));
        assertThat(removed).extracting(RemoveResult::status).containsExactly(RemoveResult.Status.REMOVED,
                RemoveResult.Status.SKIPPED);
        assertThat(names(store.published().manifest(wb))).containsExactly("b.md");
    }

    @Test
    void a_missing_source_is_reported_and_adds_nothing() throws Exception {
        String wb = newWorkbench();
        String a = source("a.txt", "alpha");
        String missing = a.substring(0, a.length() - "a.txt".length()) + "missing.txt";
        PublishedFilesPort.AddBatch batch = store.published().add(wb, List.of(missing), Limits.DEFAULT);
        assertThat(batch.results()).extracting(AddResult::status, AddResult::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AddResult.Status.SKIPPED, "unreadable"));
        assertThat(store.published().manifest(wb)).isEmpty();
    }

    @Test
    void a_checkpoint_restores_the_files_it_saw() throws Exception {
        String wb = newWorkbench();
        store.published().add(wb, List.of(source("a.txt", "alpha")), Limits.DEFAULT);
        CheckpointMetadata cp = store.checkpoints().create(wb, CheckpointReason.MANUAL, "first");
        assertThat(cp.files()).isEqualTo(1);
        assertThat(cp.restorable()).isTrue();
        assertThat(store.checkpoints().get(wb, cp.checkpointId())).contains(cp);

        store.published().remove(wb, List.of("a.txt"));
        clock.advanceMillis(5);
        CheckpointMetadata pre = store.checkpoints().create(wb, CheckpointReason.PRE_RESTORE, "pre");
        assertThat(store.checkpoints().list(wb).checkpoints()).extracting(CheckpointMetadata::checkpointId)
                .containsExactly(pre.checkpointId(), cp.checkpointId());

        List<CheckpointStorePort.Progress> progress = new ArrayList<>();
        CheckpointStorePort.Restored restored = store.checkpoints().restore(wb, cp.checkpointId(),
                pre.checkpointId(), progress::add);
        assertThat(restored.before()).isEmpty();
        assertThat(names(restored.after())).containsExactly("a.txt");
        assertThat(names(store.published().manifest(wb))).containsExactly("a.txt");
        assertThat(store.published().readText(wb, "a.txt", 1024)).get()
                .satisfies(t -> assertThat(t.text()).isEqualTo("alpha"));
        assertThat(progress).extracting(CheckpointStorePort.Progress::phase).contains("swapping", "finalizing");
    }

    @Test
    void a_draft_shows_its_changes_and_publish_makes_them_published() throws Exception {
        String wb = newWorkbench();
        store.published().add(wb, List.of(source("a.txt", "alpha")), Limits.DEFAULT);
        String draftId = ids.newUlid();
        var draft = store.drafts().create(wb, draftId, ids.newUlid(),
                List.of(new Proposal.Write("a.txt", "alpha 2"), new Proposal.Write("new.md", "# new")), "scope",
                clock.now());
        assertThat(draft.draftId()).isEqualTo(draftId);
        assertThat(store.drafts().draft(wb)).contains(draft);
        assertThat(store.drafts().changeSet(wb)).containsExactlyInAnyOrder(
                new FileChange("a.txt", FileChange.ChangeType.MODIFIED),
                new FileChange("new.md", FileChange.ChangeType.ADDED));

        CheckpointMetadata cp = store.checkpoints().create(wb, CheckpointReason.PUBLISH, "Before publish");
        DraftStorePort.Published published = store.drafts().publish(wb, cp.checkpointId(), phase -> { });
        assertThat(names(published.before())).containsExactly("a.txt");
        assertThat(names(published.after())).containsExactly("a.txt", "new.md");
        assertThat(store.drafts().draft(wb)).isEmpty();
        assertThat(store.published().readText(wb, "a.txt", 1024)).get()
                .satisfies(t -> assertThat(t.text()).isEqualTo("alpha 2"));
    }

    @Test
    void a_discarded_draft_leaves_published_unchanged() throws Exception {
        String wb = newWorkbench();
        store.published().add(wb, List.of(source("a.txt", "alpha")), Limits.DEFAULT);
        store.drafts().create(wb, ids.newUlid(), ids.newUlid(), List.of(new Proposal.Write("a.txt", "changed")),
                "scope", clock.now());
        store.drafts().discard(wb);
        assertThat(store.drafts().draft(wb)).isEmpty();
        assertThat(store.published().readText(wb, "a.txt", 1024)).get()
                .satisfies(t -> assertThat(t.text()).isEqualTo("alpha"));
    }

    @Test
    void a_checkpoint_lists_its_files_restores_some_of_them_and_serves_their_bytes() throws Exception {
        String wb = newWorkbench();
        store.published().add(wb, List.of(source("a.txt", "alpha"), source("b.md", "# beta")), Limits.DEFAULT);
        CheckpointMetadata cp = store.checkpoints().create(wb, CheckpointReason.MANUAL, "first");
        List<FileEntry> saved = store.checkpoints().files(wb, cp.checkpointId()).orElseThrow();
        assertThat(names(saved)).containsExactly("a.txt", "b.md");
        assertThat(store.checkpoints().files(wb, "01JAAAAAAAAAAAAAAAAAAAAAA9")).isEmpty();
        FileEntry alpha = saved.stream().filter(e -> e.path().equals("a.txt")).findFirst().orElseThrow();
        assertThat(store.checkpoints().readObject(wb, alpha.sha256())).get()
                .satisfies(b -> assertThat(new String(b, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("alpha"));
        assertThat(store.checkpoints().readObject(wb, "0".repeat(64))).isEmpty();

        store.published().remove(wb, List.of("a.txt", "b.md"));
        store.published().add(wb, List.of(source("b.md", "# beta 2"), source("c.csv", "x,y")), Limits.DEFAULT);
        List<FileEntry> now = store.published().manifest(wb);
        List<FileEntry> wanted = new ArrayList<>(now.stream().filter(e -> !e.path().equals("b.md")).toList());
        wanted.add(0, alpha);
        clock.advanceMillis(5);
        CheckpointMetadata pre = store.checkpoints().create(wb, CheckpointReason.PRE_RESTORE, "pre");

        CheckpointStorePort.Restored restored = store.checkpoints().restoreFiles(wb, cp.checkpointId(),
                pre.checkpointId(), wanted, p -> { });

        assertThat(names(restored.after())).containsExactly("a.txt", "c.csv");
        assertThat(names(store.published().manifest(wb))).containsExactly("a.txt", "c.csv");
        assertThat(store.published().readText(wb, "a.txt", 1024)).get()
                .satisfies(t -> assertThat(t.text()).isEqualTo("alpha"));
        assertThat(store.published().readText(wb, "c.csv", 1024)).get()
                .satisfies(t -> assertThat(t.text()).isEqualTo("x,y"));
    }

    @Test
    void a_pin_is_kept_and_a_pinned_checkpoint_is_not_pruned() throws Exception {
        String wb = newWorkbench();
        store.published().add(wb, List.of(source("a.txt", "alpha")), Limits.DEFAULT);
        CheckpointMetadata cp = store.checkpoints().create(wb, CheckpointReason.MANUAL, "first");
        clock.advanceMillis(5);
        CheckpointMetadata other = store.checkpoints().create(wb, CheckpointReason.MANUAL, "second");

        assertThat(store.checkpoints().setPinned(wb, cp.checkpointId(), true)).get()
                .satisfies(m -> assertThat(m.pinned()).isTrue());
        assertThat(store.checkpoints().get(wb, cp.checkpointId())).get()
                .satisfies(m -> assertThat(m.pinned()).isTrue());
        assertThat(store.checkpoints().setPinned(wb, "01JAAAAAAAAAAAAAAAAAAAAAA9", true)).isEmpty();

        store.checkpoints().prune(wb, cp.checkpointId());
        assertThat(store.checkpoints().get(wb, cp.checkpointId())).isPresent();
        store.checkpoints().prune(wb, other.checkpointId());
        assertThat(store.checkpoints().get(wb, other.checkpointId())).isEmpty();
        assertThat(store.checkpoints().list(wb).store().objects()).isEqualTo(1);
    }

    @Test
    void reverting_one_change_keeps_the_others_and_publish_publishes_only_those() throws Exception {
        String wb = newWorkbench();
        store.published().add(wb, List.of(source("a.txt", "alpha")), Limits.DEFAULT);
        store.drafts().create(wb, ids.newUlid(), ids.newUlid(),
                List.of(new Proposal.Write("a.txt", "alpha 2"), new Proposal.Write("new.md", "# new"),
                        new Proposal.Write("other.md", "# other")), "scope", clock.now());

        store.drafts().revertFile(wb, new FileChange("a.txt", FileChange.ChangeType.MODIFIED));
        store.drafts().revertFile(wb, new FileChange("new.md", FileChange.ChangeType.ADDED));

        assertThat(store.drafts().changeSet(wb)).containsExactly(
                new FileChange("other.md", FileChange.ChangeType.ADDED));
        assertThat(store.drafts().draft(wb).orElseThrow().written()).containsExactly("other.md");
        CheckpointMetadata cp = store.checkpoints().create(wb, CheckpointReason.PUBLISH, "Before publish");
        DraftStorePort.Published published = store.drafts().publish(wb, cp.checkpointId(), phase -> { });
        assertThat(names(published.after())).containsExactlyInAnyOrder("a.txt", "other.md");
        assertThat(published.after()).filteredOn(e -> e.path().equals("a.txt")).singleElement()
                .isEqualTo(published.before().get(0));
        assertThat(store.published().readText(wb, "a.txt", 1024)).get()
                .satisfies(t -> assertThat(t.text()).isEqualTo("alpha"));
        assertThat(store.published().readText(wb, "new.md", 1024)).isEmpty();
    }
}
