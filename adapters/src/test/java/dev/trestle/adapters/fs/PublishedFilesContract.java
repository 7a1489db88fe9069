package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.domain.model.AddResult;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.FileKind;
import dev.trestle.domain.model.Limits;
import dev.trestle.domain.model.RemoveResult;
import dev.trestle.domain.model.ScopeHash;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.out.PublishedFilesPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Contract of {@code PublishedFilesPort} and the catalog (add rules, remove, read, manifest files). */
abstract class PublishedFilesContract extends StoreTestBase {

    @Test
    void add_ingests_links_and_records_the_manifest() throws Exception {
        String w = newWorkbench();
        Path notes = source("notes.txt", "hello notes");
        PublishedFilesPort.AddBatch batch = add(w, notes, source("data.csv", "a,b\n1,2\n"));

        assertThat(batch.results()).extracting(AddResult::fileName, AddResult::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("notes.txt", AddResult.Status.ADDED),
                        org.assertj.core.groups.Tuple.tuple("data.csv", AddResult.Status.ADDED));
        assertThat(batch.manifest()).extracting(FileEntry::path).containsExactly("notes.txt", "data.csv");
        FileEntry e = batch.manifest().get(0);
        assertThat(e.size()).isEqualTo(11);
        assertThat(e.sha256()).isEqualTo(ScopeHash.sha256Hex("hello notes".getBytes(StandardCharsets.UTF_8)));
        assertThat(e.fileKind()).isEqualTo(FileKind.TEXT);
        assertThat(text(published(w).resolve("notes.txt"))).isEqualTo("hello notes");
        assertThat(objects(w)).hasSize(2);

        String filesJson = text(meta(w, "files.json"));
        // version 3: a small root naming the chunk that holds both entries (storage.md §4, §6)
        assertThat(filesJson).contains("\"schema_version\":3", "\"chunks\"", "\"files\":2");
        try (var chunks = Files.list(meta(w, "chunks"))) {
            String chunk = text(chunks.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst()
                    .orElseThrow());
            assertThat(chunk).contains("\"notes.txt\"", "\"data.csv\"", "\"text\"", "text/plain");
            assertThat(filesJson).contains(ScopeHash.sha256Hex(chunk.getBytes(StandardCharsets.UTF_8)));
        }
        // a new store instance reads the same manifest
        assertThat(newStore().published().manifest(w)).isEqualTo(batch.manifest());
    }

    @Test
    void names_of_238_to_255_bytes_are_addable_and_removable() throws Exception {
        String w = newWorkbench();
        String n238 = "a".repeat(234) + ".txt";
        String n255 = "b".repeat(251) + ".txt";
        String wide = "\u00e9".repeat(125) + ".txt";
        assertThat(n238.getBytes(StandardCharsets.UTF_8)).hasSize(238);
        assertThat(wide.getBytes(StandardCharsets.UTF_8)).hasSize(254);
        PublishedFilesPort.AddBatch batch = add(w, source(n238, "238"), source(n255, "255"), source(wide, "wide"));

        assertThat(batch.results()).extracting(AddResult::status).containsOnly(AddResult.Status.ADDED);
        assertThat(text(published(w).resolve(n255))).isEqualTo("255");
        assertThat(store.published().remove(w, List.of(n255))).extracting(RemoveResult::status)
                .containsExactly(RemoveResult.Status.REMOVED);
        assertThat(store.published().manifest(w)).extracting(FileEntry::path).containsExactly(n238, wide);
        assertThat(names(published(w))).containsExactlyInAnyOrder(n238, wide);
    }

    @Test
    void nfc_and_nfd_spellings_of_a_name_are_one_file() throws Exception {
        String w = newWorkbench();
        String nfc = "caf\u00e9.txt";
        String nfd = "cafe\u0301.txt";
        Files.createDirectories(sources.resolve("other"));
        addOk(w, source(nfc, "composed"));
        Path decomposed = Files.writeString(sources.resolve("other").resolve(nfd), "decomposed");

        PublishedFilesPort.AddBatch batch = store.published().add(w, List.of(decomposed.toString()), Limits.DEFAULT);
        assertThat(batch.results()).extracting(AddResult::status, AddResult::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AddResult.Status.SKIPPED, "duplicate"));
        // removal by the other spelling: the domain's RemovalPlan resolves it to the stored name (RemovalPlanTest)
        assertThat(store.published().manifest(w)).extracting(FileEntry::path).containsExactly(nfc);
    }

    @Test
    void published_files_are_read_only_links_to_their_objects() throws Exception {
        String w = newWorkbench();
        addOk(w, source("notes.txt", "read only please"));
        Path file = published(w).resolve("notes.txt");
        FileEntry e = store.published().manifest(w).get(0);
        Path object = objectPath(w, e.sha256());

        assertThat(FsUtil.isReadOnly(file)).isTrue();
        assertThat(FsUtil.isReadOnly(object)).isTrue();
        if (fs() != Fs.JIMFS_NO_LINKS) {
            assertThat(Files.isSameFile(file, object)).isTrue();
        } else {
            assertThat(Files.isSameFile(file, object)).isFalse();
            assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(object));
        }
    }

    @Test
    void sources_inside_the_data_dir_or_with_reserved_names_fail_invalid_path_and_symlinks_are_skipped()
            throws Exception {
        String w = newWorkbench();
        Path inside = Files.writeString(dataDir.resolve("inside.txt"), "secret");
        Path aux = source("aux.md", "reserved");
        Path target = source("real.txt", "real");
        Path link = Files.createSymbolicLink(sources.resolve("link.txt"), target);
        String before = text(meta(w, "files.json"));

        PublishedFilesPort.AddBatch batch = store.published().add(w, List.of(inside.toString(), aux.toString(),
                link.toString(), "relative.txt"), Limits.DEFAULT);

        assertThat(batch.results()).extracting(AddResult::status, AddResult::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AddResult.Status.FAILED, "invalid_path"),
                org.assertj.core.groups.Tuple.tuple(AddResult.Status.FAILED, "invalid_path"),
                org.assertj.core.groups.Tuple.tuple(AddResult.Status.SKIPPED, "symlink"),
                org.assertj.core.groups.Tuple.tuple(AddResult.Status.FAILED, "invalid_path"));
        assertThat(names(published(w))).isEmpty();
        assertThat(text(meta(w, "files.json"))).isEqualTo(before);
        assertThat(objects(w)).isEmpty();
    }

    @Test
    void directories_missing_files_oversized_files_and_case_duplicates_are_skipped() throws Exception {
        String w = newWorkbench();
        addOk(w, source("Notes.txt", "one"));
        Path dir = Files.createDirectories(sources.resolve("folder"));
        Path big = source("big.bin", "0123456789");
        Path dupOld = source("NOTES.TXT", "two");
        Path fresh = source("fresh.md", "three");
        Files.createDirectories(sources.resolve("other"));
        Path freshAgain = Files.writeString(sources.resolve("other").resolve("FRESH.md"), "four");

        PublishedFilesPort.AddBatch batch = store.published().add(w, List.of(dir.toString(), sources.resolve("nope.txt")
                .toString(), big.toString(), dupOld.toString(), fresh.toString(), freshAgain.toString()),
                new Limits(1000, 5));

        assertThat(batch.results()).extracting(AddResult::reason).containsExactly("directory", "unreadable",
                "size_limit", "duplicate", null, "duplicate");
        assertThat(batch.manifest()).extracting(FileEntry::path).containsExactly("Notes.txt", "fresh.md");
    }

    @Test
    void a_batch_over_the_file_limit_fails_whole_and_copies_nothing() throws Exception {
        String w = newWorkbench();
        addOk(w, source("a.txt", "a"));
        String before = text(meta(w, "files.json"));

        assertThatThrownBy(() -> store.published().add(w, List.of(source("b.txt", "b").toString(),
                source("c.txt", "c").toString()), new Limits(2, 100)))
                .isInstanceOfSatisfying(TrestleException.class, e -> {
                    assertThat(e.info().errorCode()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.info().detailToken()).isEqualTo("file_limit_exceeded");
                });
        assertThat(names(published(w))).containsExactly("a.txt");
        assertThat(text(meta(w, "files.json"))).isEqualTo(before);
        assertThat(objects(w)).hasSize(1);
    }

    @Test
    void an_empty_add_changes_nothing() {
        String w = newWorkbench();
        assertThat(store.published().add(w, List.of(), Limits.DEFAULT).results()).isEmpty();
    }

    @Test
    void remove_unlinks_rewrites_the_manifest_and_reports_each_path() throws Exception {
        String w = newWorkbench();
        addOk(w, source("a.txt", "a"), source("b.txt", "b"));

        // the names arrive resolved by the domain (RemovalPlan): exact manifest paths; an unknown one is not_found
        List<RemoveResult> results = store.published().remove(w, List.of("a.txt", "A.TXT", "b.txt"));

        assertThat(results).extracting(RemoveResult::path, RemoveResult::status, RemoveResult::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a.txt", RemoveResult.Status.REMOVED, null),
                org.assertj.core.groups.Tuple.tuple("A.TXT", RemoveResult.Status.SKIPPED, "not_found"),
                org.assertj.core.groups.Tuple.tuple("b.txt", RemoveResult.Status.REMOVED, null));
        assertThat(names(published(w))).isEmpty();
        assertThat(newStore().published().manifest(w)).isEmpty();
        // the objects stay until GC finds them unreferenced
        assertThat(objects(w)).hasSize(2);
    }

    @Test
    void read_text_truncates_at_a_character_boundary() throws Exception {
        String w = newWorkbench();
        addOk(w, source("u.txt", "aé€"));

        assertThat(store.published().readText(w, "U.TXT", 100)).get().satisfies(t -> {
            assertThat(t.text()).isEqualTo("aé€");
            assertThat(t.truncated()).isFalse();
        });
        assertThat(store.published().readText(w, "u.txt", 4)).get().satisfies(t -> {
            assertThat(t.text()).isEqualTo("aé");
            assertThat(t.truncated()).isTrue();
        });
        assertThat(store.published().readText(w, "missing.txt", 10)).isEmpty();
    }

    @Test
    void corrupt_or_future_version_files_fail_file_read_failed_and_stay_untouched() throws Exception {
        String w = newWorkbench();
        Path filesJson = meta(w, "files.json");
        Files.writeString(filesJson, "{\"schema_version\": 3, \"files\": []}");
        FileSystemWorkbenchStore fresh = newStore();
        assertThatThrownBy(() -> fresh.published().manifest(w)).isInstanceOfSatisfying(TrestleException.class,
                e -> assertThat(e.info().errorCode()).isEqualTo(ErrorCode.FILE_READ_FAILED));
        assertThat(text(filesJson)).isEqualTo("{\"schema_version\": 3, \"files\": []}");

        Path wbJson = meta(w, "workbench.json");
        Files.writeString(wbJson, "{not json");
        assertThatThrownBy(() -> fresh.catalog().load(w)).isInstanceOfSatisfying(TrestleException.class,
                e -> assertThat(e.info().errorCode()).isEqualTo(ErrorCode.FILE_READ_FAILED));
        assertThat(text(wbJson)).isEqualTo("{not json");
        assertThat(fresh.catalog().list()).isEmpty();
    }

    @Test
    void catalog_round_trips_workbench_and_workshop_state() {
        String w = newWorkbench();
        var info = store.catalog().load(w).orElseThrow();
        assertThat(info.name()).isEqualTo("Analysis");
        store.catalog().save(info.withName("Renamed"));
        store.catalog().saveWorkshopState(w, new dev.trestle.domain.model.WorkshopState("anthropic:x", "01J0000000000000000000000P"));
        FileSystemWorkbenchStore fresh = newStore();
        assertThat(fresh.catalog().load(w).orElseThrow().name()).isEqualTo("Renamed");
        assertThat(fresh.catalog().loadWorkshopState(w).orElseThrow().activeModelId()).isEqualTo("anthropic:x");
        assertThat(fresh.catalog().list()).extracting(dev.trestle.domain.model.WorkbenchInfo::id).containsExactly(w);
        assertThat(fresh.catalog().load("not-a-ulid")).isEmpty();
        fresh.catalog().delete(w);
        assertThat(fresh.catalog().load(w)).isEmpty();
        assertThat(fresh.catalog().list()).isEmpty();
    }

    @Test
    void migration_hashes_legacy_entries_without_sha256() throws Exception {
        String w = newWorkbench();
        Path file = published(w).resolve("old.txt");
        Files.writeString(file, "legacy");
        Files.writeString(meta(w, "files.json"),
                "{\"schema_version\":1,\"files\":[{\"path\":\"old.txt\",\"size\":6}]}");

        List<FileEntry> entries = restart().published().manifest(w);

        assertThat(entries).singleElement().satisfies(e ->
                assertThat(e.sha256()).isEqualTo(ScopeHash.sha256Hex("legacy".getBytes(StandardCharsets.UTF_8))));
        assertThat(FsUtil.isReadOnly(file)).isTrue();
        assertThat(objects(w)).containsExactly(entries.get(0).sha256());
        assertThat(text(meta(w, "files.json"))).contains("\"schema_version\":3");
    }

    @Test
    void logs_skip_malformed_and_torn_lines() throws Exception {
        String w = newWorkbench();
        var rec = dev.trestle.domain.model.ConversationRecord.user("u-1", "hi", clock.now());
        store.conversation().append(w, rec);
        Files.writeString(meta(w, "conversation.jsonl"), "garbage line\n{\"type\":\"user_mess",
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(store.conversation().read(w)).containsExactly(rec);

        var event = new dev.trestle.domain.model.EgressEvent(clock.now(), "consent_granted", "openai",
                "openai:gpt-5.2", "api.openai.com", "abc", null, null, null, null);
        store.egressLog().append(w, event);
        store.egressLog().append(w, event);
        assertThat(store.egressLog().list(w, 1)).containsExactly(event);
        assertThat(store.egressLog().list(w, 0)).hasSize(2);

        store.eventLog().append(w, "files_added", null, Map.of("count", 1));
        assertThat(workbenchEventKinds(w)).containsExactly("files_added");
    }

    @Test
    void consent_and_proposals_round_trip() {
        String w = newWorkbench();
        var consent = new dev.trestle.domain.model.ConsentRecord("openai", "openai:gpt-5.2", "api.openai.com",
                "hash", clock.now(), true);
        store.consent().savePersisted(w, consent);
        assertThat(newStore().consent().loadPersisted(w)).contains(consent);
        store.consent().clearPersisted(w);
        assertThat(store.consent().loadPersisted(w)).isEmpty();

        String pid = ids.newUlid();
        var proposal = new dev.trestle.domain.model.Proposal(pid, 1, clock.now(), "openai:gpt-5.2", "hash",
                "sum", false, List.of(new dev.trestle.domain.model.Proposal.Write("a.md", "x")), List.of());
        store.proposals().save(w, proposal);
        assertThat(newStore().proposals().load(w, pid)).contains(proposal);
        assertThat(store.proposals().load(w, "../etc")).isEmpty();
    }

    @Test
    void a_batch_stores_equal_contents_once_and_leaves_no_temps() throws Exception {
        String w = newWorkbench();
        addOk(w, source("a.txt", "same"), source("b.txt", "same"), source("c.txt", "other"));
        addOk(w, source("d.txt", "other"));

        assertThat(store.published().manifest(w)).extracting(FileEntry::path).containsExactly("a.txt", "b.txt", "c.txt", "d.txt");
        assertThat(objects(w)).hasSize(2);
        assertThat(text(published(w).resolve("b.txt"))).isEqualTo("same");
        assertThat(text(published(w).resolve("d.txt"))).isEqualTo("other");
        assertThat(names(meta(w, "checkpoints").resolve("objects"))).noneMatch(n -> n.startsWith(".tmp-"));
        assertThat(names(published(w))).containsExactly("a.txt", "b.txt", "c.txt", "d.txt");
    }

    @Test
    void a_file_whose_object_cannot_be_named_fails_copy_failed_and_the_rest_of_the_batch_is_added() throws Exception {
        String w = newWorkbench();
        Path bad = source("bad.txt", "cannot be stored");
        String badSha = FsUtil.hash(bad).sha256();
        ops.failRename = (from, to) -> to.getFileName().toString().equals(badSha);

        PublishedFilesPort.AddBatch batch = add(w, source("good.txt", "fine"), bad, source("also.txt", "fine too"));

        assertThat(batch.results()).extracting(AddResult::status).containsExactly(AddResult.Status.ADDED,
                AddResult.Status.FAILED, AddResult.Status.ADDED);
        assertThat(batch.results().get(1).reason()).isEqualTo("copy_failed");
        assertThat(store.published().manifest(w)).extracting(FileEntry::path).containsExactly("good.txt", "also.txt");
        assertThat(names(published(w))).containsExactly("also.txt", "good.txt");
        assertThat(objects(w)).hasSize(2).doesNotContain(badSha);
        assertThat(names(meta(w, "checkpoints").resolve("objects"))).noneMatch(n -> n.startsWith(".tmp-"));
    }
}
