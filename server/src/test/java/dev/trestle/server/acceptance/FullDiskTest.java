package dev.trestle.server.acceptance;

import static dev.trestle.server.acceptance.EngineHarness.params;
import static dev.trestle.server.acceptance.ScenarioSupport.GPT;
import static dev.trestle.server.acceptance.ScenarioSupport.SONNET;
import static dev.trestle.server.acceptance.ScenarioSupport.conversation;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import com.google.gson.JsonObject;
import dev.trestle.adapters.support.FaultyFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every mutating RPC is all or nothing on a full disk, checked SQLite-style through the real engine: the data dir
 * lives on a {@link FaultyFileSystem} (Jimfs inside) that fails like Linux once a byte budget is spent (a short
 * write, then {@code ENOSPC}, {@code EDQUOT} or {@code EIO}). For each RPC the budget is set to 0, then
 * {@link #STEP} more bytes each round, and the RPC called until it succeeds. Each failure must be a structured error
 * of the disk kind with every file of the data dir byte-identical (the engine log aside); the first success must leave
 * exactly the promised state.
 */
class FullDiskTest {
    /** Bytes of budget added per round. */
    private static final long STEP = 199;
    private static final int MAX_ROUNDS = 2_000;
    private static final Set<String> DISK_CODES = Set.of("DISK_FULL", "FILE_WRITE_FAILED",
            "CHECKPOINT_CREATE_FAILED", "CHECKPOINT_RESTORE_FAILED");

    private FaultyFileSystem fs;
    private ScenarioSupport s;
    private EngineHarness h;
    /** Ids of the automatic checkpoints listed at the last snapshot. */
    private final Set<String> safetyCheckpoints = new java.util.HashSet<>();
    /**
     * The egress log of a Workshop call that reached the provider: the receipts of requests that left (and the call's
     * outcome) are the audit trail of what happened, failure included, like the Workbench event log.
     */
    private boolean egressIsAudit;

    @BeforeEach
    void start() throws Exception {
        fs = FaultyFileSystem.wrap(Jimfs.newFileSystem(Configuration.unix()));
        s = ScenarioSupport.in(Files.createDirectories(fs.getPath("/tmp")));
        h = EngineHarness.start(s.dataDir);
    }

    @AfterEach
    void stop() throws Exception {
        fs.unlimited();
        h.close();
        fs.close();
    }

    /** One mutating call and what its success must leave. */
    private interface Step {
        EngineHarness.Response call();
    }

    private interface Check {
        void verify(EngineHarness.Response ok) throws Exception;
    }

    /** Calls {@code step} with 0, STEP, 2·STEP, … bytes free until it succeeds; returns the number of failures. */
    private int sweep(FaultyFileSystem.Fault fault, Step step, Check check) throws Exception {
        return sweep(fault, false, step, check);
    }

    /**
     * As {@link #sweep(FaultyFileSystem.Fault, Step, Check)}; with {@code inodes}, the space is unlimited and 0, 1, 2, …
     * more files, folders or links may be created (inode exhaustion).
     */
    private int sweep(FaultyFileSystem.Fault fault, boolean inodes, Step step, Check check) throws Exception {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Map<String, String> before = snapshot();
            if (inodes) {
                fs.allowEntries(round);
            } else {
                fs.allow(round * STEP, fault);
            }
            EngineHarness.Response r = step.call();
            fs.unlimited();
            if (r.ok()) {
                check.verify(r);
                return round;
            }
            String code = r.errorCode();
            assertThat(code).as("round %d: %s", round, r).isIn(DISK_CODES);
            if (fault == FaultyFileSystem.Fault.ENOSPC || fault == FaultyFileSystem.Fault.EDQUOT) {
                assertThat(code).as("round %d: %s", round, r).isNotEqualTo("FILE_WRITE_FAILED");
            }
            assertThat(r.toString()).doesNotContain("Exception");
            List<String> changed = diff(before, snapshot());
            // decision (docs/decisions): the automatic checkpoint taken before a change is a step of its own that
            // committed; it records the unchanged state and stays listed when the change after it fails
            changed.removeIf(line -> safetyCheckpoints.stream().anyMatch(id -> line.contains("/checkpoints/" + id)));
            assertThat(changed).as("round %d: %s", round, r).isEmpty();
        }
        throw new AssertionError("never succeeded");
    }

    /**
     * Every file and link of the data dir but the engine log and lock and the Workbench event logs (which record the
     * failure itself, as they must), and the conversation without its failure records; empty folders do not count.
     */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> out = new TreeMap<>();
        safetyCheckpoints.clear();
        if (Files.isDirectory(s.dataDir.resolve("workbenches"))) {
            try (Stream<Path> wbs = Files.list(s.dataDir.resolve("workbenches"))) {
                for (Path wb : (Iterable<Path>) wbs::iterator) {
                    EngineHarness.Response list = h.call("CheckpointsList", params("workbench_id",
                            wb.getFileName().toString()));
                    if (list.ok()) {
                        list.result().getAsJsonArray("checkpoints").forEach(c -> {
                            JsonObject o = c.getAsJsonObject();
                            if (Set.of("auto", "pre_restore", "publish").contains(o.get("reason").getAsString())) {
                                safetyCheckpoints.add(o.get("checkpoint_id").getAsString());
                            }
                        });
                    }
                }
            }
        }
        try (Stream<Path> walk = Files.walk(s.dataDir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = s.dataDir.relativize(p).toString();
                if (rel.startsWith("logs") || rel.equals("engine.lock") || rel.endsWith("workbench_events.jsonl")
                        || egressIsAudit && rel.endsWith("egress_events.jsonl")) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "link " + Files.readSymbolicLink(p));
                } else if (rel.endsWith("conversation.jsonl") && !rel.contains("meta_snapshot")) {
                    // a failure may record itself (system events *_failed, rpc.md §2); nothing else may change
                    out.put(rel, sha(Files.readAllLines(p).stream().filter(l -> !l.matches(".*\"event_kind\"\\s*:"
                            + "\\s*\"[a-z_]+_failed\".*")).reduce("", (a, b) -> a + b + "\n").getBytes()));
                } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(rel, sha(Files.readAllBytes(p)) + (Files.isWritable(p) ? "" : " ro"));
                }
            }
        }
        return out;
    }

    /** What changed from {@code before} to {@code after}: one line per added, removed or changed entry. */
    private static List<String> diff(Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        before.forEach((k, v) -> {
            if (!after.containsKey(k)) {
                out.add("- " + k);
            } else if (!after.get(k).equals(v)) {
                out.add("~ " + k);
            }
        });
        after.keySet().stream().filter(k -> !before.containsKey(k)).forEach(k -> out.add("+ " + k));
        return out;
    }

    private static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String workbench() {
        ScenarioSupport.configureOpenAiAndAnthropic(h);
        String wb = ScenarioSupport.createWorkbench(h);
        ScenarioSupport.addFiles(h, wb, s.notes, s.data);
        return wb;
    }

    /** The user and assistant messages (a failed call may record a system event, rpc.md §2). */
    private List<JsonObject> messages(String wb) {
        return ScenarioSupport.conversation(h, wb).stream()
                .filter(m -> !m.get("type").getAsString().equals("system_event")).toList();
    }

    private List<String> files(String wb) {
        List<String> names = new ArrayList<>();
        h.call("WorkbenchFilesList", params("workbench_id", wb)).result().getAsJsonArray("files")
                .forEach(f -> names.add(f.getAsJsonObject().get("path").getAsString()));
        return names;
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void send_user_message(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        String text = "Please look at the numbers. ".repeat(40);
        int failures = sweep(fault, () -> h.call("WorkshopSendUserMessage", params("workbench_id", wb, "text", text)),
                ok -> {
                    String id = ok.result().get("message_id").getAsString();
                    List<JsonObject> messages = conversation(h, wb);
                    assertThat(messages).hasSize(1);
                    assertThat(messages.get(0).get("message_id").getAsString()).isEqualTo(id);
                    assertThat(messages.get(0).get("text").getAsString()).isEqualTo(text);
                });
        assertThat(failures).isPositive();
        h.restart();
        assertThat(conversation(h, wb)).hasSize(1);
    }

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
    void set_active_model(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        int failures = sweep(fault, () -> h.call("WorkshopSetActiveModel", params("workbench_id", wb, "model_id",
                SONNET)), ok -> assertThat(h.call("WorkshopGetState", params("workbench_id", wb)).result()
                .get("active_model_id").getAsString()).isEqualTo(SONNET));
        assertThat(failures).isPositive();
        h.restart();
        assertThat(h.call("WorkshopGetState", params("workbench_id", wb)).result().get("active_model_id")
                .getAsString()).isEqualTo(SONNET);
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
    void set_api_key_and_defaults(FaultyFileSystem.Fault fault) throws Exception {
        sweep(fault, () -> h.call("ProvidersSetApiKey", params("provider_id", "mistral", "api_key", "m-key-123")),
                ok -> assertThat(ScenarioSupport.provider(h, "mistral").get("configured").getAsBoolean()).isTrue());
        sweep(fault, () -> h.call("UserSetDefaultModel", params("model_id", GPT)),
                ok -> assertThat(h.call("UserGetDefaultModel", "{}").result().get("model_id").getAsString())
                        .isEqualTo(GPT));
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
    void settings_and_workbench_defaults(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        sweep(fault, () -> h.call("ProvidersSetEnabled", params("provider_id", "anthropic", "enabled", false)),
                ok -> assertThat(ScenarioSupport.provider(h, "anthropic").get("enabled").getAsBoolean()).isFalse());
        sweep(fault, () -> h.call("WorkbenchSetDefaultModel", params("workbench_id", wb, "model_id", SONNET)),
                ok -> assertThat(h.call("WorkbenchGetDefaultModel", params("workbench_id", wb)).result()
                        .get("model_id").getAsString()).isEqualTo(SONNET));
        sweep(fault, () -> h.call("ProvidersClearApiKey", params("provider_id", "openai")),
                ok -> assertThat(ScenarioSupport.provider(h, "openai").get("configured").getAsBoolean()).isFalse());
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void consent_grant_and_revoke(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        JsonObject status = ScenarioSupport.consentStatus(h, wb);
        sweep(fault, () -> h.call("EgressGrantWorkshopConsent", params("workbench_id", wb,
                "provider_id", status.get("provider_id").getAsString(), "model_id", status.get("model_id").getAsString(),
                "scope_hash", status.get("scope_hash").getAsString(), "persist", true)),
                ok -> assertThat(ScenarioSupport.consentStatus(h, wb).get("consented").getAsBoolean()).isTrue());
        sweep(fault, () -> h.call("EgressRevokeWorkshopConsent", params("workbench_id", wb)),
                ok -> assertThat(ScenarioSupport.consentStatus(h, wb).get("consented").getAsBoolean()).isFalse());
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
    void workbench_delete(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        sweep(fault, () -> h.call("WorkbenchDelete", params("workbench_id", wb)),
                ok -> assertThat(h.call("WorkbenchList", "{}").result().getAsJsonArray("workbenches")).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void draft_publish(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        ScenarioSupport.send(h, wb, "Write a summary and refresh the notes.");
        ScenarioSupport.grant(h, wb, false);
        h.provider.script(dev.trestle.domain.fakes.FakeProviderTransport.okJson(WorkshopProposalFlowTest.PROPOSAL));
        String proposal = h.call("WorkshopProposeChanges", params("workbench_id", wb)).result().get("proposal_id")
                .getAsString();
        sweep(fault, () -> h.call("WorkshopApplyProposal", params("workbench_id", wb, "proposal_id", proposal)),
                ok -> assertThat(h.call("DraftGetState", params("workbench_id", wb)).result().get("has_draft")
                        .getAsBoolean()).isTrue());
        int failures = sweep(fault, () -> h.call("DraftPublish", params("workbench_id", wb)),
                ok -> assertThat(files(wb)).containsExactlyInAnyOrder("notes.txt", "data.csv", "summary.md"));
        assertThat(failures).isPositive();
        h.restart();
        assertThat(files(wb)).containsExactlyInAnyOrder("notes.txt", "data.csv", "summary.md");
        assertThat(h.call("DraftGetState", params("workbench_id", wb)).result().get("has_draft").getAsBoolean())
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void stream_assistant_reply(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        String u = ScenarioSupport.send(h, wb, "Summarise the numbers.");
        ScenarioSupport.grant(h, wb, false);
        h.provider.times(MAX_ROUNDS, dev.trestle.domain.fakes.FakeProviderTransport.ok("The numbers ", "look fine."));
        egressIsAudit = true;
        int failures = sweep(fault, () -> ScenarioSupport.stream(h, wb, u), ok -> {
            List<JsonObject> messages = messages(wb);
            assertThat(messages).hasSize(2);
            assertThat(messages.get(1).get("text").getAsString()).isEqualTo("The numbers look fine.");
        });
        assertThat(failures).isPositive();
        h.restart();
        assertThat(messages(wb)).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(FaultyFileSystem.Fault.class)
    void propose_dismiss_and_discard(FaultyFileSystem.Fault fault) throws Exception {
        String wb = workbench();
        ScenarioSupport.send(h, wb, "Write a summary and refresh the notes.");
        ScenarioSupport.grant(h, wb, false);
        h.provider.times(MAX_ROUNDS, dev.trestle.domain.fakes.FakeProviderTransport.okJson(
                WorkshopProposalFlowTest.PROPOSAL));
        egressIsAudit = true;
        String[] proposal = new String[1];
        int failures = sweep(fault, () -> h.call("WorkshopProposeChanges", params("workbench_id", wb)), ok -> {
            proposal[0] = ok.result().get("proposal_id").getAsString();
            assertThat(h.call("WorkshopGetState", params("workbench_id", wb)).result().get("pending_proposal_id")
                    .getAsString()).isEqualTo(proposal[0]);
        });
        assertThat(failures).isPositive();
        egressIsAudit = false;
        sweep(fault, () -> h.call("WorkshopDismissProposal", params("workbench_id", wb, "proposal_id",
                proposal[0])), ok -> assertThat(h.call("WorkshopGetState", params("workbench_id", wb)).result()
                .has("pending_proposal_id")).isFalse());
        egressIsAudit = true;
        String second = h.call("WorkshopProposeChanges", params("workbench_id", wb)).result().get("proposal_id")
                .getAsString();
        egressIsAudit = false;
        assertThat(h.call("WorkshopApplyProposal", params("workbench_id", wb, "proposal_id", second)).ok()).isTrue();
        sweep(fault, () -> h.call("DraftDiscard", params("workbench_id", wb)),
                ok -> assertThat(h.call("DraftGetState", params("workbench_id", wb)).result().get("has_draft")
                        .getAsBoolean()).isFalse());
        assertThat(files(wb)).containsExactlyInAnyOrder("notes.txt", "data.csv");
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
