package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.ErrorAction;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.ScopeHash;
import dev.trestle.domain.model.StoreStats;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.out.CheckpointStorePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Contract of {@code CheckpointStorePort}: create, list, restore, retention and GC through storage. */
abstract class CheckpointContract extends StoreTestBase {
    static final String NOTES_V1 = "first notes\n".repeat(40);
    static final String DATA = "a,b,c\n1,2,3\n".repeat(30);

    String w;

    /** A Workbench with notes.txt and data.csv and one user message. */
    String twoFiles() throws Exception {
        w = newWorkbench();
        addOk(w, source("notes.txt", NOTES_V1), source("data.csv", DATA));
        store.conversation().append(w, ConversationRecord.user("u-" + ids.newUlid(), "hello", clock.now()));
        return w;
    }

    /** Applies and publishes a Draft writing summary.md and a changed notes.txt; returns the publish checkpoint. */
    String publishSummaryAndNotes(String wb) {
        String proposal = ids.newUlid();
        store.drafts().create(wb, ids.newUlid(), proposal, List.of(new Proposal.Write("summary.md", "# Summary\n"),
                new Proposal.Write("notes.txt", "second notes\n")), ScopeHash.of(store.published().manifest(wb)), clock.now());
        String p1 = store.checkpoints().create(wb, CheckpointReason.PUBLISH, "Before publish").checkpointId();
        store.drafts().publish(wb, p1, phase -> { });
        return p1;
    }

    List<CheckpointStorePort.Progress> phases = new ArrayList<>();

    CheckpointStorePort.Restored restore(String wb, String target) {
        String pre = store.checkpoints().create(wb, CheckpointReason.PRE_RESTORE, "Before restore").checkpointId();
        return store.checkpoints().restore(wb, target, pre, phases::add);
    }

    @Test
    void create_lists_stats_and_deduplicated_store_use() throws Exception {
        twoFiles();
        long total = NOTES_V1.length() + DATA.length();

        CheckpointMetadata c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "Before analysis changes");

        CheckpointStorePort.Listing listing = store.checkpoints().list(w);
        assertThat(listing.checkpoints()).first().isEqualTo(c1);
        assertThat(c1.files()).isEqualTo(2);
        assertThat(c1.totalBytes()).isEqualTo(total);
        assertThat(c1.restorable()).isTrue();
        assertThat(listing.store()).isEqualTo(new StoreStats(2, total));
        assertThat(store.checkpoints().get(w, c1.checkpointId())).contains(c1);
        assertThat(newStore().checkpoints().get(w, c1.checkpointId())).contains(c1);
        // layout: manifest + meta_snapshot with at most the three files
        Path cps = meta(w, "checkpoints");
        assertThat(names(cps)).containsExactlyInAnyOrder(c1.checkpointId() + ".json", c1.checkpointId(), "objects");
        assertThat(names(cps.resolve(c1.checkpointId()).resolve("meta_snapshot")))
                .containsExactly("conversation.jsonl", "workbench.json", "workshop_state.json");
        assertThat(text(cps.resolve(c1.checkpointId() + ".json"))).contains("\"schema_version\":3",
                "\"reason\":\"manual\"", "\"total_bytes\":" + total, "\"chunks\"");
    }

    @Test
    void the_conversation_snapshot_is_a_copy_that_later_appends_do_not_reach() throws Exception {
        twoFiles();
        CheckpointMetadata c1 = store.checkpoints().create(w, CheckpointReason.AUTO, "auto");
        Path snap = meta(w, "checkpoints").resolve(c1.checkpointId()).resolve("meta_snapshot")
                .resolve("conversation.jsonl");
        String before = text(snap);
        store.conversation().append(w, ConversationRecord.user("u-" + ids.newUlid(), "later", clock.now()));
        assertThat(text(snap)).isEqualTo(before);
    }

    @Test
    void restore_round_trip_rewinds_files_and_conversation_but_keeps_the_model_choice() throws Exception {
        twoFiles();
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        Map<String, String> c1Published = state(w);
        String c1Conversation = text(meta(w, "conversation.jsonl"));
        String c1Files = text(meta(w, "files.json"));

        publishSummaryAndNotes(w);
        store.conversation().append(w, ConversationRecord.user("u-" + ids.newUlid(), "after publish", clock.now()));
        store.catalog().saveWorkshopState(w, new WorkshopState("anthropic:claude-sonnet-4-6", ids.newUlid()));
        store.catalog().save(store.catalog().load(w).orElseThrow().withName("Renamed").withDefaultModel("mistral:large"));
        assertThat(names(published(w))).containsExactly("data.csv", "notes.txt", "summary.md");
        assertThat(store.checkpoints().list(w).store().objects()).isEqualTo(4);

        CheckpointStorePort.Restored restored = restore(w, c1);

        assertThat(restored.after()).extracting(FileEntry::path).containsExactly("notes.txt", "data.csv");
        assertThat(restored.before()).extracting(FileEntry::path).contains("summary.md");
        assertThat(names(published(w))).containsExactly("data.csv", "notes.txt");
        assertThat(text(published(w).resolve("notes.txt"))).isEqualTo(NOTES_V1);
        assertThat(state(w).get("published/notes.txt")).isEqualTo(c1Published.get("published/notes.txt"));
        assertThat(text(meta(w, "files.json"))).isEqualTo(c1Files);
        assertThat(text(meta(w, "conversation.jsonl"))).isEqualTo(c1Conversation);
        assertThat(store.catalog().loadWorkshopState(w)).contains(new WorkshopState("anthropic:claude-sonnet-4-6", null));
        assertThat(store.catalog().load(w).orElseThrow().name()).isEqualTo("Renamed");
        assertThat(store.catalog().load(w).orElseThrow().defaultModelId()).isEqualTo("mistral:large");
        assertThat(FsUtil.isReadOnly(published(w).resolve("notes.txt"))).isTrue();
        assertThat(phases).extracting(CheckpointStorePort.Progress::phase)
                .containsExactly("staging", "swapping", "finalizing");
        assertNoTransients();
        assertThat(newStore().published().manifest(w)).isEqualTo(restored.after());

        // AC5.4: restoring the pre_restore checkpoint returns to the three-file state
        String r1 = store.checkpoints().list(w).checkpoints().stream()
                .filter(c -> c.reason() == CheckpointReason.PRE_RESTORE).findFirst().orElseThrow().checkpointId();
        restore(w, r1);
        assertThat(names(published(w))).containsExactly("data.csv", "notes.txt", "summary.md");
        assertThat(text(published(w).resolve("notes.txt"))).isEqualTo("second notes\n");
        assertNoTransients();
    }

    @Test
    void a_large_restore_reports_percentages_while_applying_its_changes() throws Exception {
        w = newWorkbench();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            files.add(source("f" + i + ".txt", "content " + i));
        }
        addOk(w, files.toArray(Path[]::new));
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        store.published().remove(w, files.stream().map(p -> p.getFileName().toString()).toList());
        restore(w, c1);
        assertThat(phases).filteredOn(p -> p.percent() != null).extracting(CheckpointStorePort.Progress::percent)
                .startsWith(0).contains(50).endsWith(100).isSorted();
        assertThat(phases).filteredOn(p -> p.percent() != null).extracting(CheckpointStorePort.Progress::phase)
                .containsOnly("swapping");
    }

    @Test
    void restore_touches_only_the_entries_that_differ() throws Exception {
        twoFiles();
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        publishSummaryAndNotes(w);
        String pre = store.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "Before restore").checkpointId();
        List<String> touched = new ArrayList<>();
        ops.failRename = (from, to) -> {
            touched.add(to.getFileName().toString());
            return false;
        };
        ops.arm(-1, -1);

        store.checkpoints().restore(w, c1, pre, phases::add);

        // notes.txt relinked, summary.md removed, data.csv (unchanged) never named; plus the journal and the meta files
        assertThat(touched).contains("notes.txt", "restore.json").doesNotContain("data.csv", "summary.md");
        assertThat(names(published(w))).containsExactly("data.csv", "notes.txt");
        // 3 prev links (files.json, workbench.json, conversation; workshop_state.json is unchanged) + journal
        // replace + 1 link (temp + rename) + 1 delete + 3 meta renames (written from the journal, no temp link)
        // + journal delete
        assertThat(ops.count.get()).isEqualTo(3 + 1 + 2 + 1 + 3 + 1);
        assertNoTransients();
    }

    @Test
    void a_failure_after_the_journal_rolls_back_byte_identical_and_keeps_the_pre_restore_checkpoint()
            throws Exception {
        twoFiles();
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        publishSummaryAndNotes(w);
        Map<String, String> before = state(w);
        String pre = store.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "Before restore").checkpointId();
        ops.failRenameOnceOf("notes.txt", "notes.txt");

        assertThatThrownBy(() -> store.checkpoints().restore(w, c1, pre, phases::add))
                .isInstanceOfSatisfying(TrestleException.class, e ->
                        assertThat(e.info().errorCode()).isEqualTo(ErrorCode.CHECKPOINT_RESTORE_FAILED));

        assertThat(state(w)).isEqualTo(before);
        assertThat(store.published().manifest(w)).extracting(FileEntry::path).contains("summary.md");
        assertThat(store.checkpoints().get(w, pre)).isPresent();
        assertThat(phases).extracting(CheckpointStorePort.Progress::phase).endsWith("rolling_back");
        assertNoTransients();
        ops.heal();
        assertThat(restart().published().manifest(w)).extracting(FileEntry::path).contains("summary.md");
        assertThat(state(w)).isEqualTo(before);
    }

    @Test
    void a_failure_while_placing_meta_files_rolls_back_byte_identical() throws Exception {
        twoFiles();
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        publishSummaryAndNotes(w);
        Map<String, String> before = state(w);
        String pre = store.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "Before restore").checkpointId();
        // the last meta file placed (files.json and workbench.json are already replaced)
        ops.failRenameOnceOf("conversation.jsonl", "conversation.jsonl");

        assertThatThrownBy(() -> store.checkpoints().restore(w, c1, pre, phases::add))
                .isInstanceOf(TrestleException.class);

        assertThat(state(w)).isEqualTo(before);
        assertNoTransients();
    }

    /**
     * Every crash state of the journal: the process dies at each file operation of a restore in turn (and, after a
     * transient error at each operation, at each operation of the in-process rollback); the next start ends in
     * exactly the state before or after the restore, with nothing left over.
     */
    @Test
    void a_crash_at_any_step_recovers_to_exactly_before_or_after() throws Exception {
        crashEverywhere(false, false);
        assertThat(journalVersions).containsOnly(RestoreJournal.VERSION);
    }

    /**
     * The same with a target checkpoint of version 2 (entries inline) whose chunks are not on disk: the restore
     * writes them before its journal, and a crash at each of those writes recovers too.
     */
    @Test
    void a_crash_while_restoring_a_version_2_checkpoint_recovers_to_exactly_before_or_after() throws Exception {
        crashEverywhere(true, false);
    }

    /** The same sweep for a per-file restore ({@code restoreFiles}), which goes through the same journal. */
    @Test
    void a_crash_at_any_step_of_a_per_file_restore_recovers_to_exactly_before_or_after() throws Exception {
        crashEverywhere(false, true);
    }

    /**
     * The same sweep for a restore by swap (decision 37, the threshold lowered so the two differing entries swap):
     * crashes while staging, around each of the two renames and each meta step, and during the rollback.
     */
    @Test
    void a_crash_at_any_step_of_a_restore_by_swap_recovers_to_exactly_before_or_after() throws Exception {
        swapFrom(1);
        crashEverywhere(false, false);
        assertThat(journalVersions).containsOnly(RestoreJournal.SWAP_VERSION);
    }

    /** The versions of the journals the crashes of a sweep left behind. */
    private final Set<Integer> journalVersions = new TreeSet<>();

    private void crashEverywhere(boolean legacyTarget, boolean partial) throws Exception {
        this.legacyTarget = legacyTarget;
        int crashes = 0;
        java.util.EnumSet<Outcome> seen = java.util.EnumSet.noneOf(Outcome.class);
        for (int fail = -1; ; fail++) {
            for (int crash = fail + 1; ; crash++) {
                Outcome o = crashOnce(fail, crash, partial);
                seen.add(o);
                if (o != Outcome.CRASHED_BEFORE && o != Outcome.CRASHED_AFTER) {
                    break;
                }
                crashes++;
            }
            if (fail >= 0 && crashOnce(fail, -1, partial) == Outcome.COMPLETED) {
                break;
            }
            if (fs() == Fs.DEFAULT) {
                // on the real disk (fsyncs are slow) a failure before the journal, at a link and at a meta file;
                // Jimfs runs every combination
                fail = fail < 0 ? -1 : fail < 5 ? 4 : fail < 9 ? 8 : 1000;
            }
        }
        assertThat(crashes).isGreaterThan(partial ? 10 : 20);
        assertThat(seen).contains(Outcome.CRASHED_BEFORE, Outcome.CRASHED_AFTER, Outcome.ROLLED_BACK);
    }

    enum Outcome { COMPLETED, ROLLED_BACK, CRASHED_BEFORE, CRASHED_AFTER }

    private boolean legacyTarget;

    private Outcome crashOnce(int fail, int crash, boolean partial) throws Exception {
        ops.heal();
        twoFiles();
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        Map<String, String> afterFull = state(w);
        publishSummaryAndNotes(w);
        store.conversation().append(w, ConversationRecord.user("u-" + ids.newUlid(), "after publish", clock.now()));
        Map<String, String> before = state(w);
        // a per-file restore of notes.txt: c1's notes.txt, everything else (summary.md, the conversation) as now
        Map<String, String> after = afterFull;
        List<FileEntry> partialFiles = null;
        if (partial) {
            after = new java.util.TreeMap<>(before);
            after.put("published/notes.txt", afterFull.get("published/notes.txt"));
            after.remove("meta/files.json");
            FileEntry old = store.checkpoints().files(w, c1).orElseThrow().stream()
                    .filter(e -> e.path().equals("notes.txt")).findFirst().orElseThrow();
            partialFiles = new ArrayList<>(store.published().manifest(w).stream()
                    .filter(e -> !e.path().equals("notes.txt")).toList());
            partialFiles.add(old);
        }
        String pre = store.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "Before restore").checkpointId();
        if (legacyTarget) {
            toVersion2(c1);
        }
        ops.arm(fail, crash);
        boolean crashed = false;
        boolean failed = false;
        try {
            if (partial) {
                store.checkpoints().restoreFiles(w, c1, pre, partialFiles, p -> { });
            } else {
                store.checkpoints().restore(w, c1, pre, p -> { });
            }
        } catch (Crash e) {
            crashed = true;
        } catch (TrestleException e) {
            failed = true;
        }
        ops.heal();
        if (crashed && Files.exists(meta(w, "restore.json"))) {
            journalVersions.add(Json.MAPPER.readTree(
                    Files.readAllBytes(meta(w, "restore.json"))).path("version").asInt());
        }
        if (!crashed) {
            Map<String, String> now = state(w);
            assertThat(failed ? now : comparable(now, after)).as("fail %d, no crash", fail)
                    .isEqualTo(failed ? before : published(after));
            store.catalog().delete(w);
            return failed ? Outcome.ROLLED_BACK : Outcome.COMPLETED;
        }
        restart();
        Map<String, String> now = state(w);
        assertNoTransients();
        assertThat(store.published().manifest(w)).as("fail %d crash %d", fail, crash)
                .extracting(FileEntry::path).containsExactlyInAnyOrderElementsOf(
                        now.keySet().stream().filter(k -> k.startsWith("published/"))
                                .map(k -> k.substring("published/".length())).toList());
        store.catalog().delete(w);
        if (now.equals(before)) {
            return Outcome.CRASHED_BEFORE;
        }
        assertThat(comparable(now, after)).as("fail %d crash %d: neither before nor after", fail, crash)
                .isEqualTo(published(after));
        return Outcome.CRASHED_AFTER;
    }

    /**
     * The published files, files.json and conversation of a state (workbench.json carries a fresh timestamp;
     * files.json is left out when the expected state has none, as for a per-file restore, whose manifest the
     * manifest-vs-published check covers).
     */
    private static Map<String, String> published(Map<String, String> state) {
        Map<String, String> out = new java.util.TreeMap<>(state);
        out.remove("meta/workbench.json");
        out.remove("meta/workshop_state.json");
        return out;
    }

    private Map<String, String> comparable(Map<String, String> now, Map<String, String> expected) {
        Map<String, String> out = published(now);
        if (!expected.containsKey("meta/files.json")) {
            out.remove("meta/files.json");
        }
        return out;
    }

    @Test
    void a_per_file_restore_touches_only_that_file_and_keeps_the_conversation() throws Exception {
        twoFiles();
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        publishSummaryAndNotes(w);
        String conversation = text(meta(w, "conversation.jsonl"));
        FileEntry oldNotes = store.checkpoints().files(w, c1).orElseThrow().stream()
                .filter(e -> e.path().equals("notes.txt")).findFirst().orElseThrow();
        List<FileEntry> wanted = new ArrayList<>(store.published().manifest(w).stream()
                .filter(e -> !e.path().equals("notes.txt")).toList());
        wanted.add(oldNotes);
        wanted.sort(java.util.Comparator.comparing(FileEntry::path));
        String pre = store.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "Before restore").checkpointId();
        List<String> touched = new ArrayList<>();
        ops.failRename = (from, to) -> {
            touched.add(to.getFileName().toString());
            return false;
        };
        ops.arm(-1, -1);

        CheckpointStorePort.Restored r = store.checkpoints().restoreFiles(w, c1, pre, wanted, phases::add);

        assertThat(touched).contains("notes.txt", "restore.json").doesNotContain("data.csv", "summary.md");
        assertThat(names(published(w))).containsExactly("data.csv", "notes.txt", "summary.md");
        assertThat(text(published(w).resolve("notes.txt"))).isEqualTo(NOTES_V1);
        assertThat(text(meta(w, "conversation.jsonl"))).isEqualTo(conversation);
        assertThat(r.after()).extracting(FileEntry::path)
                .containsExactlyInAnyOrder("data.csv", "notes.txt", "summary.md");
        assertThat(restart().published().manifest(w)).extracting(FileEntry::path)
                .containsExactly("data.csv", "notes.txt", "summary.md");
        assertNoTransients();
    }

    @Test
    void pins_survive_a_restart_and_a_restore_and_protect_from_retention() throws Exception {
        twoFiles();
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        assertThat(store.checkpoints().setPinned(w, c1, true)).get().satisfies(m -> assertThat(m.pinned()).isTrue());
        assertThat(restart().checkpoints().get(w, c1)).get().satisfies(m -> assertThat(m.pinned()).isTrue());
        publishSummaryAndNotes(w);
        restore(w, c1);
        assertThat(store.checkpoints().get(w, c1)).get().satisfies(m -> assertThat(m.pinned()).isTrue());
        for (int i = 0; i < 51; i++) {
            store.checkpoints().create(w, CheckpointReason.MANUAL, "m" + i);
        }
        assertThat(store.checkpoints().get(w, c1)).isPresent();
        assertThat(store.checkpoints().list(w).checkpoints().stream()
                .filter(m -> m.reason() == CheckpointReason.MANUAL && !m.pinned())).hasSize(50);
        assertThat(store.checkpoints().setPinned(w, c1, false)).get()
                .satisfies(m -> assertThat(m.pinned()).isFalse());
        // unpinned, it is the 51st manual checkpoint: the retention pass of the next start prunes it
        assertThat(restart().checkpoints().get(w, c1)).isEmpty();
    }

    @Test
    void the_listed_store_size_follows_ingest_prune_and_gc_and_matches_the_disk() throws Exception {
        twoFiles();
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        publishSummaryAndNotes(w);
        String c2 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c2").checkpointId();
        assertThat(store.checkpoints().list(w).store()).isEqualTo(diskStats(w));
        store.published().remove(w, List.of("summary.md", "notes.txt"));
        StoreStats afterPrune = store.checkpoints().prune(w, c2);
        assertThat(afterPrune).isEqualTo(diskStats(w));
        StoreStats afterSecond = store.checkpoints().prune(w, store.checkpoints().list(w).checkpoints().stream()
                .filter(m -> m.reason() == CheckpointReason.PUBLISH).findFirst().orElseThrow().checkpointId());
        assertThat(afterSecond).isEqualTo(diskStats(w)).isEqualTo(store.checkpoints().list(w).store());
        assertThat(afterSecond.bytes()).isEqualTo(NOTES_V1.length() + DATA.length());
        assertThat(store.checkpoints().get(w, c1)).isPresent();
        assertThat(restart().checkpoints().list(w).store()).isEqualTo(afterSecond);
    }

    private StoreStats diskStats(String wbId) throws Exception {
        long bytes = 0;
        List<String> objs = objects(wbId);
        for (String sha : objs) {
            bytes += Files.size(objectPath(wbId, sha));
        }
        return new StoreStats(objs.size(), bytes);
    }

    @Test
    void a_missing_object_makes_checkpoints_not_restorable_and_restore_fails_without_changes() throws Exception {
        twoFiles();
        String oldNotesSha = store.published().manifest(w).get(0).sha256();
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        String p1 = publishSummaryAndNotes(w);
        Files.delete(objectPath(w, oldNotesSha));
        restart();
        Map<String, String> before = state(w);

        assertThat(store.checkpoints().list(w).checkpoints()).filteredOn(c -> !c.restorable())
                .extracting(CheckpointMetadata::checkpointId).containsExactlyInAnyOrder(c1, p1);
        assertThat(log.events).contains("checkpoints_not_restorable");
        int count = store.checkpoints().list(w).checkpoints().size();

        assertThatThrownBy(() -> store.checkpoints().restore(w, c1, c1, phases::add))
                .isInstanceOfSatisfying(TrestleException.class, e -> {
                    assertThat(e.info().errorCode()).isEqualTo(ErrorCode.CHECKPOINT_RESTORE_FAILED);
                    assertThat(e.info().detail()).isEqualTo("object_missing");
                    assertThat(e.info().actions()).containsExactly(ErrorAction.RESTORE_CHECKPOINT);
                });
        assertThat(state(w)).isEqualTo(before);
        assertThat(store.checkpoints().list(w).checkpoints()).hasSize(count);
        assertNoTransients();
    }

    @Test
    void a_corrupt_object_fails_restore_with_object_corrupt() throws Exception {
        twoFiles();
        String sha = store.published().manifest(w).get(0).sha256();
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        publishSummaryAndNotes(w);
        Path obj = objectPath(w, sha);
        Files.delete(obj);
        Files.writeString(obj, "short");
        FileSystemWorkbenchStore fresh = newStore();
        Map<String, String> before = state(w);

        assertThatThrownBy(() -> fresh.checkpoints().restore(w, c1, c1, phases::add))
                .isInstanceOfSatisfying(TrestleException.class, e ->
                        assertThat(e.info().detail()).isEqualTo("object_corrupt"));
        assertThat(state(w)).isEqualTo(before);
    }

    @Test
    void restore_of_an_unknown_checkpoint_or_with_a_draft_is_refused() throws Exception {
        twoFiles();
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        assertThatThrownBy(() -> store.checkpoints().restore(w, ids.newUlid(), c1, phases::add))
                .isInstanceOfSatisfying(TrestleException.class, e ->
                        assertThat(e.info().detailToken()).isEqualTo("unknown_checkpoint"));
        assertThatThrownBy(() -> store.checkpoints().restore(w, "../../x", c1, phases::add))
                .isInstanceOfSatisfying(TrestleException.class, e ->
                        assertThat(e.info().detailToken()).isEqualTo("unknown_checkpoint"));
        store.drafts().create(w, ids.newUlid(), ids.newUlid(), List.of(new Proposal.Write("n.md", "x")), "g", clock.now());
        assertThatThrownBy(() -> store.checkpoints().restore(w, c1, c1, phases::add))
                .isInstanceOfSatisfying(TrestleException.class, e ->
                        assertThat(e.info().detailToken()).isEqualTo("draft_exists"));
    }

    @Test
    void a_failed_creation_leaves_no_partial_checkpoint() throws Exception {
        w = newWorkbench();
        Path cps = meta(w, "checkpoints");
        Files.writeString(cps, "in the way");
        assertThatThrownBy(() -> store.checkpoints().create(w, CheckpointReason.MANUAL, "x"))
                .isInstanceOfSatisfying(TrestleException.class, e ->
                        assertThat(e.info().errorCode()).isEqualTo(ErrorCode.CHECKPOINT_CREATE_FAILED));
        Files.delete(cps);
        assertThat(newStore().checkpoints().list(w).checkpoints()).isEmpty();
    }

    @Test
    void the_201st_auto_checkpoint_prunes_the_oldest_and_gc_deletes_exactly_the_unreferenced_objects()
            throws Exception {
        twoFiles();
        addOk(w, source("gone.txt", "only in the oldest checkpoint"));
        String goneSha = store.published().manifest(w).get(2).sha256();
        String oldest = store.checkpoints().create(w, CheckpointReason.AUTO, "Before removing files").checkpointId();
        store.published().remove(w, List.of("gone.txt"));
        String manual = store.checkpoints().create(w, CheckpointReason.MANUAL, "m").checkpointId();
        String pub = store.checkpoints().create(w, CheckpointReason.PUBLISH, "p").checkpointId();
        for (int i = 0; i < 199; i++) {
            store.checkpoints().create(w, CheckpointReason.AUTO, "auto " + i);
        }
        assertThat(store.checkpoints().get(w, oldest)).isPresent();
        assertThat(objects(w)).contains(goneSha).hasSize(3);

        String newest = store.checkpoints().create(w, CheckpointReason.AUTO, "auto 200").checkpointId();

        assertThat(store.checkpoints().get(w, oldest)).isEmpty();
        assertThat(Files.exists(meta(w, "checkpoints").resolve(oldest + ".json"))).isFalse();
        assertThat(Files.exists(meta(w, "checkpoints").resolve(oldest))).isFalse();
        assertThat(store.checkpoints().get(w, newest)).isPresent();
        assertThat(store.checkpoints().get(w, manual)).isPresent();
        assertThat(store.checkpoints().get(w, pub)).isPresent();
        assertThat(store.checkpoints().list(w).checkpoints()).filteredOn(c -> c.reason() == CheckpointReason.AUTO).hasSize(200);
        assertThat(objects(w)).doesNotContain(goneSha).hasSize(2);
        assertThat(store.checkpoints().list(w).store().objects()).isEqualTo(2);
        assertThat(workbenchEventKinds(w)).containsSubsequence("checkpoint_pruned", "objects_collected");
        assertThat(newStore().checkpoints().list(w).checkpoints()).hasSize(202);
    }

    @Test
    void at_the_manual_limit_every_prune_collects_exactly_the_objects_only_the_pruned_checkpoint_named()
            throws Exception {
        twoFiles();
        List<String> unique = new ArrayList<>();
        for (int i = 0; i < 53; i++) {
            if (i == 51) {
                store = newStore(); // the references of a fresh engine come from the manifests on disk
            }
            addOk(w, source("f" + i + ".txt", "only in manual checkpoint " + i));
            unique.add(store.published().manifest(w).get(2).sha256());
            store.checkpoints().create(w, CheckpointReason.MANUAL, "m" + i);
            store.published().remove(w, List.of("f" + i + ".txt"));
            int kept = Math.min(i + 1, 50);
            List<String> present = objects(w);
            assertThat(present).hasSize(2 + kept).containsAll(unique.subList(i + 1 - kept, i + 1));
            assertThat(unique.subList(0, i + 1 - kept)).noneMatch(present::contains);
        }
        assertThat(store.checkpoints().list(w).checkpoints()).hasSize(50);
        assertThat(store.checkpoints().list(w).store().objects()).isEqualTo(52);
    }

    /**
     * Rewrites checkpoint {@code id} of {@code w} in the version-2 form (entries inline, as an older engine wrote it),
     * deletes the chunks only it named, and starts a fresh store (no chunk in memory).
     */
    void toVersion2(String id) throws Exception {
        Path manifest = meta(w, "checkpoints").resolve(id + ".json");
        com.fasterxml.jackson.databind.node.ObjectNode root =
                (com.fasterxml.jackson.databind.node.ObjectNode) dev.trestle.adapters.support.Json.MAPPER
                        .readTree(Files.readAllBytes(manifest));
        com.fasterxml.jackson.databind.node.ArrayNode files = root.putArray("files");
        java.util.Set<String> current = new java.util.HashSet<>();
        for (com.fasterxml.jackson.databind.JsonNode c : dev.trestle.adapters.support.Json.MAPPER
                .readTree(Files.readAllBytes(meta(w, "files.json"))).path("chunks")) {
            current.add(c.path("sha256").asText());
        }
        ChunkStore chunks = new ChunkStore(meta(w, "chunks"), new FileOps() { });
        for (com.fasterxml.jackson.databind.JsonNode c : root.path("chunks")) {
            for (FileEntry e : chunks.entries(c.path("sha256").asText())) {
                files.add(version2(e));
            }
        }
        for (com.fasterxml.jackson.databind.JsonNode c : root.path("chunks")) {
            if (!current.contains(c.path("sha256").asText())) {
                Files.deleteIfExists(meta(w, "chunks").resolve(c.path("sha256").asText()));
            }
        }
        root.remove("chunks");
        root.put("schema_version", 2);
        Files.write(manifest, dev.trestle.adapters.support.Json.MAPPER.writeValueAsBytes(root));
        store.awaitIdle();
        store = newStore();
    }

    static com.fasterxml.jackson.databind.node.ObjectNode version2(FileEntry e) {
        com.fasterxml.jackson.databind.node.ObjectNode n = dev.trestle.adapters.support.Json.object();
        n.put("path", e.path());
        n.put("size", e.size());
        n.put("sha256", e.sha256());
        n.put("modified_at", dev.trestle.adapters.support.Json.time(e.modifiedAt()));
        n.put("added_at", dev.trestle.adapters.support.Json.time(e.addedAt()));
        n.put("file_kind", e.fileKind().wire());
        n.put("mime_type", e.mimeType());
        n.put("is_opaque", e.isOpaque());
        return n;
    }

    @Test
    void a_data_dir_of_version_2_manifests_opens_lists_restores_and_collects() throws Exception {
        twoFiles();
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        List<FileEntry> entries = store.published().manifest(w);
        Map<String, String> c1State = state(w);
        toVersion2(c1);
        com.fasterxml.jackson.databind.node.ObjectNode filesJson = dev.trestle.adapters.support.Json.object();
        filesJson.put("schema_version", 2);
        entries.forEach(e -> filesJson.withArray("files").add(version2(e)));
        Files.write(meta(w, "files.json"), dev.trestle.adapters.support.Json.MAPPER.writeValueAsBytes(filesJson));
        FsUtil.deleteTree(meta(w, "chunks"));

        restart();
        assertThat(store.published().manifest(w)).isEqualTo(entries);
        assertThat(store.checkpoints().get(w, c1)).hasValueSatisfying(m -> {
            assertThat(m.restorable()).isTrue();
            assertThat(m.files()).isEqualTo(2);
        });
        publishSummaryAndNotes(w);
        assertThat(names(published(w))).containsExactly("data.csv", "notes.txt", "summary.md");

        restore(w, c1);

        Map<String, String> now = state(w);
        now.keySet().removeIf(k -> k.startsWith("meta/"));
        c1State.keySet().removeIf(k -> k.startsWith("meta/"));
        assertThat(now).isEqualTo(c1State);
        assertThat(text(meta(w, "files.json"))).contains("\"schema_version\":3");
        assertThat(restart().published().manifest(w)).isEqualTo(entries);
        // GC after a prune reads the version-2 manifests it meets and keeps what they name
        for (int i = 0; i < 52; i++) {
            store.checkpoints().create(w, CheckpointReason.MANUAL, "m" + i);
        }
        assertThat(store.checkpoints().list(w).checkpoints()).extracting(CheckpointMetadata::restorable)
                .containsOnly(true);
        assertThat(objects(w)).containsAll(entries.stream().map(FileEntry::sha256).toList());
    }

    @Test
    void a_checkpoint_shares_the_chunks_of_files_json_and_one_changed_file_writes_one_or_two() throws Exception {
        w = newWorkbench();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            files.add(source("f" + i + ".txt", "content " + i));
        }
        addOk(w, files.toArray(Path[]::new));
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        List<String> afterC1 = names(meta(w, "chunks"));
        assertThat(afterC1).hasSizeGreaterThan(3);

        String c2 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c2").checkpointId();
        assertThat(names(meta(w, "chunks"))).isEqualTo(afterC1);
        assertThat(chunksOf(c2)).isEqualTo(chunksOf(c1)).isEqualTo(chunksOf(null));
        assertThat(store.checkpoints().get(w, c2).orElseThrow().files()).isEqualTo(600);

        store.published().remove(w, List.of("f7.txt"));
        addOk(w, source("f7.txt", "changed"));
        String c3 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c3").checkpointId();
        List<String> fresh = new ArrayList<>(chunksOf(c3));
        fresh.removeAll(chunksOf(c1));
        assertThat(fresh).hasSizeBetween(1, 2);
        assertThat(chunksOf(c3)).hasSizeGreaterThanOrEqualTo(chunksOf(c1).size() - 1);

        // restore: only f7.txt is named (the other 599 entries sit in chunks both states share)
        String pre = store.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "Before restore").checkpointId();
        List<String> touched = new ArrayList<>();
        ops.failRename = (from, to) -> {
            touched.add(to.getFileName().toString());
            return false;
        };
        ops.arm(-1, -1);
        store.checkpoints().restore(w, c1, pre, phases::add);
        assertThat(touched).filteredOn(n -> n.matches("f\\d+\\.txt")).containsExactly("f7.txt");
        assertThat(text(published(w).resolve("f7.txt"))).isEqualTo("content 7");
        assertThat(chunksOf(null)).isEqualTo(chunksOf(c1));
        assertThat(restart().published().manifest(w)).hasSize(600);

        // compare: the chunks both manifests name are counted, not expanded
        CheckpointStorePort.ManifestDelta delta = store.checkpoints().compare(w, c1, c3).orElseThrow();
        assertThat(delta.shared()).isGreaterThanOrEqualTo(600 - 2 * ChunkStore.MAX_ENTRIES);
        assertThat(delta.from().size() + delta.shared()).isEqualTo(600);
        assertThat(delta.to().size() + delta.shared()).isEqualTo(600);
        assertThat(delta.from()).extracting(FileEntry::path).contains("f7.txt");
        assertThat(delta.to()).filteredOn(e -> e.path().equals("f7.txt")).extracting(FileEntry::size)
                .containsExactly((long) "changed".length());
        // against the current files (restored to c1): everything shared
        assertThat(store.checkpoints().compare(w, c1, null)).get()
                .satisfies(d -> assertThat(d.shared()).isEqualTo(600))
                .satisfies(d -> assertThat(d.from()).isEmpty());
        assertThat(store.checkpoints().compare(w, c1, ids.newUlid())).isEmpty();
        assertThat(store.checkpoints().compare(w, "nope", null)).isEmpty();
    }

    /**
     * A files.json write deletes the chunks it stopped naming that no checkpoint names (and only those), at once; a
     * chunk deleted so and needed again (the change undone) is written again.
     */
    @Test
    void a_chunk_a_files_json_write_replaced_goes_with_that_write_and_named_ones_stay() throws Exception {
        twoFiles();
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        List<String> named = chunksOf(c1);
        addOk(w, source("a.txt", "a"));
        List<String> replaced = chunksOf(null);
        assertThat(replaced).doesNotContainAnyElementsOf(named);
        assertThat(names(meta(w, "chunks"))).as("c1 names the chunk the add replaced")
                .containsExactlyInAnyOrderElementsOf(union(named, replaced));

        addOk(w, source("b.txt", "b"));
        assertThat(names(meta(w, "chunks"))).containsExactlyInAnyOrderElementsOf(union(named, chunksOf(null)))
                .doesNotContainAnyElementsOf(replaced);

        store.published().remove(w, List.of("b.txt"));
        assertThat(chunksOf(null)).as("the same entries as before b.txt: the same chunk").isEqualTo(replaced);
        assertThat(names(meta(w, "chunks"))).containsExactlyInAnyOrderElementsOf(union(named, replaced));
        assertThat(newStore().published().manifest(w)).extracting(FileEntry::path)
                .containsExactly("notes.txt", "data.csv", "a.txt");

        addOk(w, source("b.txt", "b"));
        String c2 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c2").checkpointId();
        assertThat(names(meta(w, "chunks"))).containsExactlyInAnyOrderElementsOf(union(named, chunksOf(c2)));
        assertThat(restart().published().manifest(w)).extracting(FileEntry::path)
                .containsExactly("notes.txt", "data.csv", "a.txt", "b.txt");
        restore(w, c1);
        assertThat(names(published(w))).containsExactly("data.csv", "notes.txt");
    }

    /**
     * A publish that changes one file of several chunks' worth: the chunk it replaced stays while a checkpoint names
     * it (the pre-publish one, as always through the service) and goes, alone, when none does (here a publish whose
     * checkpoint was taken before the last change).
     */
    @Test
    void a_publish_deletes_exactly_the_chunk_it_replaced_unless_a_checkpoint_names_it() throws Exception {
        w = newWorkbench();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            files.add(source("f" + i + ".txt", "content " + i));
        }
        addOk(w, files.toArray(Path[]::new));
        assertThat(chunksOf(null)).hasSizeGreaterThan(2);

        List<String> before = names(meta(w, "chunks"));
        List<String> was = chunksOf(null);
        String p1 = publishOne("f7.txt", "first change");
        assertThat(chunksOf(p1)).isEqualTo(was);
        List<String> gone = new ArrayList<>(was);
        gone.removeAll(chunksOf(null));
        assertThat(gone).as("the chunk holding f7.txt").hasSize(1);
        assertThat(names(meta(w, "chunks"))).as("named by p1: kept")
                .containsExactlyInAnyOrderElementsOf(union(before, chunksOf(null)));

        List<String> before2 = names(meta(w, "chunks"));
        List<String> was2 = chunksOf(null);
        publishOneAfter(p1, "f7.txt", "second change");
        List<String> gone2 = new ArrayList<>(was2);
        gone2.removeAll(chunksOf(null));
        assertThat(gone2).hasSize(1);
        List<String> expected = new ArrayList<>(before2);
        expected.removeAll(gone2);
        assertThat(names(meta(w, "chunks"))).as("named by nothing: deleted, and only it")
                .containsExactlyInAnyOrderElementsOf(union(expected, chunksOf(null)));
        assertThat(text(published(w).resolve("f7.txt"))).isEqualTo("second change");
        assertThat(restart().published().manifest(w)).hasSize(300);
        assertThat(store.checkpoints().list(w).checkpoints()).extracting(CheckpointMetadata::restorable)
                .containsOnly(true);
    }

    /** A Draft writing {@code name}, published after a new pre-publish checkpoint; returns the checkpoint. */
    private String publishOne(String name, String content) {
        String proposal = ids.newUlid();
        store.drafts().create(w, ids.newUlid(), proposal, List.of(new Proposal.Write(name, content)),
                ScopeHash.of(store.published().manifest(w)), clock.now());
        String p = store.checkpoints().create(w, CheckpointReason.PUBLISH, "Before publish").checkpointId();
        store.drafts().publish(w, p, phase -> { });
        return p;
    }

    /** A Draft writing {@code name}, published under the marker of an earlier checkpoint (none taken now). */
    private void publishOneAfter(String checkpointId, String name, String content) {
        store.drafts().create(w, ids.newUlid(), ids.newUlid(), List.of(new Proposal.Write(name, content)),
                ScopeHash.of(store.published().manifest(w)), clock.now());
        store.drafts().publish(w, checkpointId, phase -> { });
    }

    /**
     * While a checkpoint manifest on disk is not in the reference counts (here one of a newer version, unreadable,
     * naming a chunk), a files.json write deletes no chunk; the full GC at the next start, once that manifest is
     * gone, collects the chunk nothing names any more.
     */
    @Test
    void no_chunk_is_deleted_by_a_write_while_a_manifest_on_disk_is_not_in_the_counts() throws Exception {
        twoFiles();
        store.checkpoints().create(w, CheckpointReason.MANUAL, "c1");
        addOk(w, source("a.txt", "a"));
        List<String> x = chunksOf(null);
        Path future = meta(w, "checkpoints").resolve(ids.newUlid() + ".json");
        Files.writeString(future, "{\"schema_version\":99,\"chunks\":[{\"sha256\":\"" + x.get(0)
                + "\",\"files\":3,\"bytes\":1}]}");
        restart();

        addOk(w, source("b.txt", "b"));
        assertThat(chunksOf(null)).doesNotContainAnyElementsOf(x);
        assertThat(names(meta(w, "chunks"))).containsAll(x);

        Files.delete(future);
        restart();
        assertThat(names(meta(w, "chunks"))).doesNotContainAnyElementsOf(x)
                .containsExactlyInAnyOrderElementsOf(namedChunks());
    }

    /**
     * A crash at each step of an add that replaces a chunk nothing else names: whatever it left, the next start loses
     * no chunk files.json or a checkpoint names and keeps none that nothing names (a chunk written for a root that
     * was never written is the full GC's).
     */
    @Test
    void a_crash_during_an_add_loses_no_named_chunk_and_the_next_start_collects_the_unnamed() throws Exception {
        twoFiles();
        store.checkpoints().create(w, CheckpointReason.MANUAL, "c1");
        addOk(w, source("a.txt", "a"));
        int crashes = 0;
        for (int crash = 0; ; crash++) {
            List<Path> batch = List.of(source("b" + crash + ".txt", "b " + crash), source("c" + crash + ".txt",
                    "c " + crash));
            ops.arm(-1, crash);
            boolean crashed = false;
            try {
                add(w, batch.toArray(Path[]::new));
            } catch (Crash e) {
                crashed = true;
                crashes++;
            }
            ops.heal();
            restart();
            List<String> named = namedChunks();
            assertThat(names(meta(w, "chunks"))).as("crash at %d", crash)
                    .containsExactlyInAnyOrderElementsOf(named);
            assertThat(store.published().manifest(w)).extracting(FileEntry::path)
                    .containsExactlyInAnyOrderElementsOf(names(published(w)));
            assertThat(store.checkpoints().list(w).checkpoints()).extracting(CheckpointMetadata::restorable)
                    .containsOnly(true);
            if (!crashed) {
                break;
            }
        }
        assertThat(crashes).isGreaterThan(2);
    }

    /** The distinct chunks files.json and every checkpoint manifest on disk name. */
    List<String> namedChunks() throws Exception {
        Set<String> out = new TreeSet<>(chunksOf(null));
        for (String name : names(meta(w, "checkpoints"))) {
            if (name.endsWith(".json")) {
                out.addAll(chunksOf(name.substring(0, name.length() - 5)));
            }
        }
        return new ArrayList<>(out);
    }

    static List<String> union(List<String> a, List<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return new ArrayList<>(out);
    }

    /**
     * A journal of version 2 left by an earlier engine (the meta files of both states staged in
     * {@code restore_tmp/next/} and {@code prev/}) is still replayed forward at the next start.
     */
    @Test
    void a_version_2_journal_left_by_an_earlier_engine_is_replayed() throws Exception {
        twoFiles();
        String c1 = store.checkpoints().create(w, CheckpointReason.MANUAL, "c1").checkpointId();
        Map<String, String> target = state(w);
        publishSummaryAndNotes(w);
        store.conversation().append(w, ConversationRecord.user("u-" + ids.newUlid(), "later", clock.now()));
        String pre = store.checkpoints().create(w, CheckpointReason.PRE_RESTORE, "Before restore").checkpointId();
        List<FileEntry> now = store.published().manifest(w);
        List<FileEntry> then = store.checkpoints().files(w, c1).orElseThrow();
        Path next = Files.createDirectories(meta(w, "restore_tmp").resolve("next"));
        Path prev = Files.createDirectories(meta(w, "restore_tmp").resolve("prev"));
        Files.copy(meta(w, "files.json"), prev.resolve("files.json"));
        Files.copy(meta(w, "checkpoints").resolve(c1 + ".json"), next.resolve("files.json"));
        Path snap = meta(w, "checkpoints").resolve(c1).resolve("meta_snapshot");
        for (String name : List.of("workbench.json", "conversation.jsonl", "workshop_state.json")) {
            Files.copy(meta(w, name), prev.resolve(name));
            Files.copy(snap.resolve(name), next.resolve(name));
        }
        RestoreJournal.Plan plan = new RestoreJournal.Plan(c1, pre, RestoreJournal.FORWARD,
                RestoreJournal.diff(now, then), RestoreJournal.diff(then, now), null);
        byte[] journal = RestoreJournal.encode(plan, clock.now());
        com.fasterxml.jackson.databind.JsonNode written = dev.trestle.adapters.support.Json.MAPPER.readTree(journal);
        assertThat(written.path("version").asInt()).isEqualTo(2);
        assertThat(written.has("meta")).isFalse();
        Files.write(meta(w, "restore.json"), journal);

        restart();

        Map<String, String> after = state(w);
        after.remove("meta/workbench.json");
        after.remove("meta/files.json");
        target.remove("meta/workbench.json");
        target.remove("meta/files.json");
        assertThat(after).isEqualTo(target);
        assertThat(store.published().manifest(w)).extracting(FileEntry::path)
                .containsExactlyInAnyOrder("notes.txt", "data.csv");
        assertNoTransients();
    }

    /** The chunk names a checkpoint manifest (or, for null, files.json) lists, in order. */
    List<String> chunksOf(String checkpointId) throws Exception {
        Path p = checkpointId == null ? meta(w, "files.json") : meta(w, "checkpoints").resolve(checkpointId + ".json");
        List<String> out = new ArrayList<>();
        dev.trestle.adapters.support.Json.MAPPER.readTree(Files.readAllBytes(p)).path("chunks")
                .forEach(c -> out.add(c.path("sha256").asText()));
        return out;
    }

    void assertNoTransients() throws Exception {
        store.awaitIdle();
        assertThat(names(wb(w))).doesNotContain("published.prev", "published.restore_tmp")
                .noneMatch(n -> n.startsWith(".published.tmp-"));
        assertThat(names(wb(w).resolve("meta"))).noneMatch(n -> n.endsWith(".prev") || n.contains(".tmp-")
                || n.equals("restore_tmp") || n.equals("restore.json") || n.equals("publish.json"));
    }
}
