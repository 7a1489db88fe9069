package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.trestle.adapters.support.FaultyFileSystem;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.Limits;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.ScopeHash;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Power loss, not only SIGKILL: the store runs on a {@link FaultyFileSystem} that records, at every sync, what a
 * journaling file system brings back after the power goes out (unforced file bytes are lost; metadata is durable up
 * to the last sync). For publish, restore, add and checkpoint create, every such image is materialized on a fresh
 * file system and recovered by a new store's startup reconciliation: each must come back as exactly the state
 * before or exactly the state after the operation, and the last one (the operation had answered) as the state after.
 * See {@code docs/durability.md}.
 */
class PowerLossTest {
    private final List<FileSystem> opened = new ArrayList<>();
    FaultyFileSystem fs;
    Path data;
    Path sources;
    FileSystemWorkbenchStore store;
    StoreTestBase.FakeClock clock = new StoreTestBase.FakeClock();
    StoreTestBase.SequentialIds ids = new StoreTestBase.SequentialIds(clock);
    String w;

    @BeforeEach
    void setUp() throws IOException {
        fs = FaultyFileSystem.wrap(Jimfs.newFileSystem(Configuration.unix()));
        data = Files.createDirectories(fs.getPath("/data"));
        sources = Files.createDirectories(fs.getPath("/sources"));
        store = new FileSystemWorkbenchStore(data, clock, ids, new StoreTestBase.RecordingLog());
        w = ids.newUlid();
        Instant now = clock.now();
        store.catalog().create(new WorkbenchInfo(w, "Power", now, now, "m"), new WorkshopState("m", null));
        store.conversation().append(w, ConversationRecord.user("u-1", "hello", now));
        add("notes.txt", "old notes", "data.csv", "1,2\n");
    }

    @AfterEach
    void tearDown() throws IOException {
        store.close();
        fs.close();
        for (FileSystem f : opened) {
            f.close();
        }
    }

    private void add(String... namesAndContents) throws IOException {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            paths.add(Files.writeString(sources.resolve(namesAndContents[i]), namesAndContents[i + 1]).toString());
        }
        store.published().add(w, paths, Limits.DEFAULT);
    }

    /**
     * What a user sees of the Workbench: Published (name → content), the manifest, the Draft, the checkpoints; and the
     * chunks on disk that neither {@code files.json} nor a checkpoint manifest names (none, ever: a write deletes what
     * it replaced, the start's GC what a crash left).
     */
    private record State(Map<String, String> published, List<String> manifest, boolean draft, List<String> checkpoints,
                         List<String> unnamedChunks) {
    }

    private static State state(FileSystemWorkbenchStore s, Path dataDir, String w) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Path published = dataDir.resolve("workbenches").resolve(w).resolve("published");
        for (Path p : FsUtil.list(published)) {
            files.put(p.getFileName().toString(), Files.readString(p));
        }
        List<String> manifest = s.published().manifest(w).stream().map(e -> e.path() + "=" + e.sha256()).sorted()
                .toList();
        List<String> checkpoints = s.checkpoints().list(w).checkpoints().stream()
                .map(c -> c.checkpointId() + (c.restorable() ? "" : " broken")).sorted().toList();
        return new State(files, manifest, s.drafts().draft(w).isPresent(), checkpoints, unnamedChunks(dataDir, w));
    }

    private static List<String> unnamedChunks(Path dataDir, String w) throws IOException {
        Path meta = dataDir.resolve("workbenches").resolve(w).resolve("meta");
        List<Path> roots = new ArrayList<>(List.of(meta.resolve("files.json")));
        for (Path p : FsUtil.list(meta.resolve("checkpoints"))) {
            if (p.getFileName().toString().endsWith(".json")) {
                roots.add(p);
            }
        }
        Set<String> named = new TreeSet<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            dev.trestle.adapters.support.Json.MAPPER.readTree(Files.readAllBytes(root)).path("chunks")
                    .forEach(c -> named.add(c.path("sha256").asText()));
        }
        List<String> out = new ArrayList<>();
        for (Path p : FsUtil.list(meta.resolve("chunks"))) {
            String name = p.getFileName().toString();
            if (!name.startsWith(".") && !named.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** The state each recorded image recovers to, in order. */
    private List<State> recoveredImages(Function<State, State> ignoring) throws IOException {
        List<State> out = new ArrayList<>();
        for (FaultyFileSystem.Image image : fs.images()) {
            FileSystem fresh = Jimfs.newFileSystem(Configuration.unix());
            opened.add(fresh);
            Path root = fresh.getPath("/data");
            FaultyFileSystem.materialize(image, root);
            FileSystemWorkbenchStore recovered = new FileSystemWorkbenchStore(root, clock, ids,
                    new StoreTestBase.RecordingLog());
            try {
                recovered.reconcileAll();
                recovered.awaitIdle();
                out.add(ignoring.apply(state(recovered, root, w)));
            } finally {
                recovered.close();
            }
        }
        return out;
    }

    /** Runs {@code op}; every image taken during it must recover to before or after, the last to after. */
    private void check(Runnable op, Function<State, State> ignoring) throws IOException {
        State before = ignoring.apply(state(store, data, w));
        fs.trackDurability(data);
        op.run();
        store.awaitIdle();
        State after = ignoring.apply(state(store, data, w));
        assertThat(after).isNotEqualTo(before);
        List<State> images = recoveredImages(ignoring);
        assertThat(images.size()).as("syncs recorded").isGreaterThan(1);
        for (int i = 0; i < images.size(); i++) {
            assertThat(images.get(i)).as("power lost at sync %d of %d", i, images.size()).isIn(before, after);
        }
        assertThat(images.get(images.size() - 1)).as("after the answer").isEqualTo(after);
    }

    private static State withoutCheckpoints(State s) {
        return new State(s.published(), s.manifest(), s.draft(), List.of(), s.unnamedChunks());
    }

    @Test
    void add() throws IOException {
        Files.writeString(sources.resolve("new.md"), "# new\n");
        Files.writeString(sources.resolve("big.txt"), "x".repeat(100_000));
        check(() -> store.published().add(w, List.of(sources.resolve("new.md").toString(),
                sources.resolve("big.txt").toString()), Limits.DEFAULT), Function.identity());
    }

    @Test
    void checkpoint_create() throws IOException {
        check(() -> store.checkpoints().create(w, CheckpointReason.MANUAL, "safe"), Function.identity());
    }

    @Test
    void publish() throws IOException {
        store.drafts().create(w, ids.newUlid(), ids.newUlid(), List.of(new Proposal.Write("notes.txt", "new notes"),
                new Proposal.Write("summary.md", "# Summary\n")), ScopeHash.of(store.published().manifest(w)),
                clock.now());
        CheckpointMetadata pre = store.checkpoints().create(w, CheckpointReason.PUBLISH, "Before publish");
        check(() -> store.drafts().publish(w, pre.checkpointId(), phase -> { }), Function.identity());
        assertThat(state(store, data, w).published()).containsEntry("notes.txt", "new notes");
    }

    @Test
    void restore() throws IOException {
        restoreTwoDifferingEntries();
        // the meta files travel inside the journal (no staged copies forced before it): journal + meta/, then
        // published/ with the new files.json, workbench.json and conversation forced together, meta/, and the
        // journal's removal; 12 with the staged form of version 2
        assertThat(syncs()).as("syncs of a restore").isEqualTo(8);
    }

    private void restoreTwoDifferingEntries() throws IOException {
        String target = store.checkpoints().create(w, CheckpointReason.MANUAL, "target").checkpointId();
        add("later.txt", "added after the checkpoint");
        store.published().remove(w, List.of("data.csv"));
        String pre = store.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "Before restore").checkpointId();
        check(() -> store.checkpoints().restore(w, target, pre, p -> { }), PowerLossTest::withoutCheckpoints);
        assertThat(state(store, data, w).published().keySet()).containsExactlyInAnyOrder("notes.txt", "data.csv");
        assertThat(store.published().manifest(w)).extracting(FileEntry::path)
                .containsExactlyInAnyOrder("notes.txt", "data.csv");
    }

    /**
     * A restore by swap (decision 37; the threshold lowered so the two differing entries swap): the staged tree and
     * the Workbench folder, journal + meta/, the Workbench folder (both renames) with the new meta files forced
     * together, meta/, the journal's removal.
     */
    @Test
    void restore_by_swap() throws IOException {
        store.close();
        store = new FileSystemWorkbenchStore(data, clock, ids, new StoreTestBase.RecordingLog(), FileOps.DEFAULT,
                new BackgroundCleanup(), new StoreContext.Tuning(1));
        restoreTwoDifferingEntries();
        assertThat(syncs()).as("syncs of a restore by swap").isEqualTo(SWAP_SYNCS);
        assertThat(FsUtil.list(data.resolve("workbenches").resolve(w))).extracting(p -> p.getFileName().toString())
                .noneMatch(n -> n.startsWith(".published.tmp-") || n.equals("published.restore_tmp"));
    }

    private static final int SWAP_SYNCS = 10;

    /** A per-file restore: the same journal, the conversation is not swapped. */
    @Test
    void restore_of_one_file() throws IOException {
        String target = store.checkpoints().create(w, CheckpointReason.MANUAL, "target").checkpointId();
        store.published().remove(w, List.of("notes.txt"));
        add("notes.txt", "new notes", "later.txt", "added after the checkpoint");
        String pre = store.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "Before restore").checkpointId();
        FileEntry old = store.checkpoints().files(w, target).orElseThrow().stream()
                .filter(e -> e.path().equals("notes.txt")).findFirst().orElseThrow();
        List<FileEntry> files = new ArrayList<>(store.published().manifest(w).stream()
                .filter(e -> !e.path().equals("notes.txt")).toList());
        files.add(old);
        files.sort(java.util.Comparator.comparing(FileEntry::path));
        String conversation = Files.readString(data.resolve("workbenches").resolve(w).resolve("meta")
                .resolve("conversation.jsonl"));
        check(() -> store.checkpoints().restoreFiles(w, target, pre, files, p -> { }),
                PowerLossTest::withoutCheckpoints);
        assertThat(state(store, data, w).published()).containsEntry("notes.txt", "old notes")
                .containsKey("later.txt");
        assertThat(Files.readString(data.resolve("workbenches").resolve(w).resolve("meta")
                .resolve("conversation.jsonl"))).isEqualTo(conversation);
        // the new manifest's one new chunk (force + chunks/), journal + meta/, published/ with files.json and
        // workbench.json forced together, meta/, journal removal (14 with version 2: staged copies, conversation too)
        assertThat(syncs()).as("syncs of a per-file restore").isEqualTo(2 + 7);
    }

    /** The syncs recorded by the last {@link #check} (its first image is the state before). */
    private int syncs() {
        return fs.images().size() - 1;
    }
}
