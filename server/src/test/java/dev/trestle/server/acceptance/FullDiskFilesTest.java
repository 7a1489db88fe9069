package dev.trestle.server.acceptance;

import static dev.trestle.server.acceptance.EngineHarness.params;
import static dev.trestle.server.acceptance.ScenarioSupport.conversation;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.trestle.adapters.support.FaultyFileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Full-disk sweeps of the file and checkpoint RPCs, the engine starting on a full disk, and inode exhaustion. */
class FullDiskFilesTest extends FullDiskSweep {
    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void files_add(FaultyFileSystem.Fault fault) throws Exception {
        ScenarioSupport.configureOpenAiAndAnthropic(h);
        String wb = ScenarioSupport.createWorkbench(h);
        List<String> added = new ArrayList<>();
        int failures = sweep(fault, () -> h.call("WorkbenchFilesAdd", params("workbench_id", wb, "source_paths",
                List.of(s.notes.toString(), s.data.toString()))), ok -> {
                    // a per-file failure (an I/O error while copying one file) is a success with that file failed
                    ok.result().getAsJsonArray("add_results").forEach(r -> {
                        JsonObject o = r.getAsJsonObject();
                        if (o.get("status").getAsString().equals("added")) {
                            added.add(o.get("file_name").getAsString());
                        } else {
                            assertThat(o.get("reason").getAsString()).isEqualTo("copy_failed");
                        }
                    });
                    assertThat(files(wb)).containsExactlyInAnyOrderElementsOf(added);
                });
        if (fault != FaultyFileSystem.Fault.EIO) {
            assertThat(failures).isPositive();
            assertThat(added).containsExactlyInAnyOrder("notes.txt", "data.csv");
        }
        h.restart();
        assertThat(files(wb)).containsExactlyInAnyOrderElementsOf(added);
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void files_remove(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        int failures = sweep(fault, () -> h.call("WorkbenchFilesRemove", params("workbench_id", wb, "workbench_paths",
                List.of("notes.txt"))), ok -> assertThat(files(wb)).containsExactly("data.csv"));
        assertThat(failures).isPositive();
        h.restart();
        assertThat(files(wb)).containsExactly("data.csv");
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void workbench_create(FaultyFileSystem.Fault fault) throws Exception {
        int failures = sweep(fault, () -> h.call("WorkbenchCreate", params("name", "Taxes")),
                ok -> assertThat(h.call("WorkbenchList", "{}").result().getAsJsonArray("workbenches")).hasSize(1));
        assertThat(failures).isPositive();
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void workbench_delete(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        sweep(fault, () -> h.call("WorkbenchDelete", params("workbench_id", wb)),
                ok -> assertThat(h.call("WorkbenchList", "{}").result().getAsJsonArray("workbenches")).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void checkpoint_create(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        int before = h.call("CheckpointsList", params("workbench_id", wb)).result().getAsJsonArray("checkpoints")
                .size();
        int failures = sweep(fault, () -> h.call("CheckpointsCreate", params("workbench_id", wb, "description",
                "before")), ok -> assertThat(h.call("CheckpointsList", params("workbench_id", wb)).result()
                .getAsJsonArray("checkpoints")).hasSize(before + 1));
        assertThat(failures).isPositive();
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void checkpoint_restore(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        String target = h.call("CheckpointsCreate", params("workbench_id", wb)).result().get("checkpoint_id")
                .getAsString();
        Map<String, String> targetPublished = ScenarioSupport.publishedSnapshot(s.dataDir, wb);
        targetPublished.remove("meta/files.json");
        h.call("WorkbenchFilesRemove", params("workbench_id", wb, "workbench_paths", List.of("notes.txt"))).result();
        Path dir = ScenarioSupport.workbenchDir(s.dataDir, wb);
        // restore commits by writing its journal (storage.md §8 step 4) before it changes Published; a failure after
        // that point whose rollback cannot finish on the still-full disk leaves the journal, and the Workbench's next
        // use (here: the snapshot's CheckpointsList, or the engine's own reload right after the failure) rolls it
        // back before serving. So every failure leaves exactly the state before, byte for byte, with no restart.
        int failures = sweep(fault, () -> h.call("CheckpointsRestore", params("workbench_id", wb,
                "checkpoint_id", target)), ok -> {
                    assertThat(files(wb)).containsExactlyInAnyOrder("data.csv", "notes.txt");
                    Map<String, String> now = ScenarioSupport.publishedSnapshot(s.dataDir, wb);
                    now.remove("meta/files.json");
                    assertThat(now).isEqualTo(targetPublished);
                    assertThat(dir.resolve("meta/restore.json")).doesNotExist();
                    assertThat(dir.resolve("meta/restore_tmp")).doesNotExist();
                });
        assertThat(failures).isPositive();
        // the sweep crossed the commit point: some failures left a journal that the next use rolled back
        String events = Files.readString(dir.resolve("meta/workbench_events.jsonl"));
        assertThat(events).contains("rolled_back_on_next_use");
        // and a restart finds nothing left to recover
        h.restart();
        assertThat(files(wb)).containsExactlyInAnyOrder("data.csv", "notes.txt");
        assertThat(Files.readString(dir.resolve("meta/workbench_events.jsonl"))).doesNotContain(
                "\"method\":\"rolled_forward\"");
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void the_engine_starts_on_a_full_disk_and_serves_reads(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        ScenarioSupport.send(h, wb, "hello");
        h.restart(() -> fs.allow(0, fault));
        assertThat(files(wb)).containsExactlyInAnyOrder("notes.txt", "data.csv");
        fs.allow(0, fault);  // startup may have freed a little (temps, orphans): full again
        assertThat(conversation(h, wb)).hasSize(1);
        assertThat(h.call("WorkbenchList", "{}").result().getAsJsonArray("workbenches")).hasSize(1);
        assertThat(h.call("CheckpointsList", params("workbench_id", wb)).ok()).isTrue();
        assertThat(h.call("ProvidersGetStatus", "{}").ok()).isTrue();
        EngineHarness.Response refused = h.call("WorkshopSendUserMessage", params("workbench_id", wb, "text", "x"));
        assertThat(refused.errorCode()).isIn(DISK_CODES);
        fs.unlimited();
    }

    @org.junit.jupiter.api.Test
    void out_of_inodes_add_message_checkpoint_and_publish() throws Exception {
        FaultyFileSystem.Fault fault = FaultyFileSystem.Fault.ENOSPC;
        ScenarioSupport.configureOpenAiAndAnthropic(h);
        String wb = ScenarioSupport.createWorkbench(h);
        assertThat(sweep(fault, true, () -> h.call("WorkbenchFilesAdd", params("workbench_id", wb, "source_paths",
                List.of(s.notes.toString(), s.data.toString()))),
                ok -> assertThat(files(wb)).containsExactlyInAnyOrder("notes.txt", "data.csv"))).isPositive();
        sweep(fault, true, () -> h.call("WorkshopSendUserMessage", params("workbench_id", wb, "text", "hi")),
                ok -> assertThat(conversation(h, wb)).hasSize(1));
        assertThat(sweep(fault, true, () -> h.call("CheckpointsCreate", params("workbench_id", wb)),
                ok -> assertThat(h.call("CheckpointsList", params("workbench_id", wb)).result()
                        .getAsJsonArray("checkpoints")).hasSize(1))).isPositive();
        ScenarioSupport.grant(h, wb, false);
        h.provider.script(dev.trestle.domain.fakes.FakeProviderTransport.okJson(WorkshopProposalFlowTest.PROPOSAL));
        String proposal = h.call("WorkshopProposeChanges", params("workbench_id", wb)).result().get("proposal_id")
                .getAsString();
        sweep(fault, true, () -> h.call("WorkshopApplyProposal", params("workbench_id", wb, "proposal_id", proposal)),
                ok -> assertThat(h.call("DraftGetState", params("workbench_id", wb)).result().get("has_draft")
                        .getAsBoolean()).isTrue());
        assertThat(sweep(fault, true, () -> h.call("DraftPublish", params("workbench_id", wb)),
                ok -> assertThat(files(wb)).containsExactlyInAnyOrder("notes.txt", "data.csv", "summary.md")))
                .isPositive();
    }
}
