package dev.trestle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.trestle.cli.base.ExitCodes;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    private static final String UNKNOWN_WB = "{\"error_code\":\"VALIDATION_FAILED\",\"phase\":\"workbench\","
            + "\"retryable\":false,\"actions\":[],\"detail\":\"unknown_workbench: nope\"}";

    private final CliHarness cli = new CliHarness();

    @Test
    void set_key_sends_the_key_read_from_stdin_and_never_prints_it() {
        cli.engine.answer("ProvidersSetApiKey", "{\"configured\":true}");
        cli.stdin = "sk-from-stdin-1234\n";
        int code = cli.run("providers", "set-key", "openai");
        assertThat(code).isZero();
        assertThat(cli.engine.calls).hasSize(1);
        assertThat(cli.engine.calls.get(0).params().get("api_key").getAsString()).isEqualTo("sk-from-stdin-1234");
        assertThat(cli.engine.calls.get(0).params().get("provider_id").getAsString()).isEqualTo("openai");
        assertThat(cli.out + cli.err).doesNotContain("sk-from-stdin-1234").contains("key stored for openai");
    }

    @Test
    void set_key_reads_the_named_environment_variable() {
        cli.engine.answer("ProvidersSetApiKey", "{\"configured\":true}");
        cli.env = Map.of("ANTHROPIC_KEY", "sk-ant-env");
        assertThat(cli.run("providers", "set-key", "anthropic", "--from-env", "ANTHROPIC_KEY")).isZero();
        assertThat(cli.engine.calls.get(0).params().get("api_key").getAsString()).isEqualTo("sk-ant-env");
    }

    @Test
    void set_key_refuses_a_key_given_as_an_argument_without_echoing_it_or_starting_the_engine() {
        int code = cli.run("providers", "set-key", "openai", "sk-on-the-command-line");
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err).contains("takes no key argument").doesNotContain("sk-on-the-command-line");
        assertThat(cli.out).doesNotContain("sk-on-the-command-line");
        assertThat(cli.launches).isEmpty();
    }

    @Test
    void an_unknown_workbench_prints_the_structured_error_and_exits_with_the_validation_code() {
        cli.engine.fail("WorkbenchOpen", UNKNOWN_WB);
        int code = cli.run("workbench", "open", "nope");
        assertThat(code).isEqualTo(10);
        assertThat(cli.err).contains("error: VALIDATION_FAILED (unknown_workbench: nope)");
        assertThat(cli.engine.closed).isTrue();
    }

    @Test
    void json_mode_prints_the_raw_result_and_the_error_info_for_scripts() {
        cli.engine.answer("WorkbenchList", "{\"workbenches\":[{\"id\":\"01A\",\"name\":\"Plan\"}]}");
        assertThat(cli.run("workbench", "list", "--json")).isZero();
        assertThat(JsonParser.parseString(cli.out).getAsJsonObject().getAsJsonArray("workbenches")).hasSize(1);

        CliHarness failing = new CliHarness();
        failing.engine.fail("WorkbenchOpen", UNKNOWN_WB);
        assertThat(failing.run("--json", "workbench", "open", "nope")).isEqualTo(10);
        assertThat(JsonParser.parseString(failing.out).getAsJsonObject().getAsJsonObject("error")
                .get("error_code").getAsString()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void draft_revert_sends_the_path_and_lists_what_is_left() {
        cli.engine.answer("DraftRevertFile", "{\"draft_id\":\"01D\",\"changes\":[{\"path\":\"summary.md\","
                + "\"change_type\":\"added\"}]}");
        assertThat(cli.run("draft", "revert", "01WB", "notes.txt")).isZero();
        assertThat(cli.engine.calls).singleElement().satisfies(c -> {
            assertThat(c.params().get("workbench_id").getAsString()).isEqualTo("01WB");
            assertThat(c.params().get("path").getAsString()).isEqualTo("notes.txt");
        });
        assertThat(cli.out).contains("reverted notes.txt").containsPattern("added\\s+summary.md");
    }

    @Test
    void human_list_is_an_aligned_table() {
        cli.engine.answer("WorkbenchList", "{\"workbenches\":[{\"id\":\"01A\",\"name\":\"Plan\","
                + "\"default_model_id\":\"openai:gpt-5.2\",\"has_draft\":false,\"updated_at\":\"2026-01-02T03:04:05.000Z\"}]}");
        assertThat(cli.run("workbench", "list")).isZero();
        assertThat(cli.out.lines()).containsExactly(
                "ID   NAME  DEFAULT MODEL   DRAFT  UPDATED",
                "01A  Plan  openai:gpt-5.2  no     2026-01-02 03:04:05");
    }

    @Test
    void global_options_work_after_the_subcommand_and_reach_the_engine_launch() {
        cli.engine.answer("WorkbenchList", "{\"workbenches\":[]}");
        assertThat(cli.run("workbench", "list", "--data-dir", "some/dir", "--allow-custom-endpoints")).isZero();
        assertThat(cli.launches).hasSize(1);
        assertThat(cli.launches.get(0).dataDir()).isEqualTo(Path.of("some/dir"));
        assertThat(cli.launches.get(0).allowCustomEndpoints()).isTrue();
    }

    @Test
    void files_add_sends_absolute_source_paths() {
        cli.engine.answer("WorkbenchFilesAdd", "{\"add_results\":[{\"source_path\":\"x\",\"file_name\":\"a.txt\","
                + "\"status\":\"added\"}]}");
        assertThat(cli.run("files", "add", "W", "a.txt")).isZero();
        String sent = cli.engine.calls.get(0).params().getAsJsonArray("source_paths").get(0).getAsString();
        assertThat(Path.of(sent).isAbsolute()).isTrue();
        assertThat(Path.of(sent).getFileName()).isEqualTo(Path.of("a.txt"));
        assertThat(cli.out).contains("1 added");
    }

    @Test
    void restore_shows_progress_notifications_before_the_result() {
        cli.engine.on("CheckpointsRestore", (params, notify) -> {
            notify.onNotification("CheckpointRestoreProgress", JsonParser.parseString(
                    "{\"workbench_id\":\"W\",\"checkpoint_id\":\"C\",\"phase\":\"pre_restore_checkpoint\"}")
                    .getAsJsonObject());
            notify.onNotification("CheckpointRestoreProgress", JsonParser.parseString(
                    "{\"workbench_id\":\"W\",\"checkpoint_id\":\"C\",\"phase\":\"swapping\"}").getAsJsonObject());
            return JsonParser.parseString("{\"pre_restore_checkpoint_id\":\"P\",\"restored_at\":"
                    + "\"2026-01-01T00:00:00.000Z\"}").getAsJsonObject();
        });
        assertThat(cli.run("checkpoints", "restore", "W", "C")).isZero();
        assertThat(cli.out).containsSubsequence("restore: pre_restore_checkpoint", "restore: swapping",
                "restored C", "checkpoints restore W P");
    }

    @Test
    void restore_with_paths_sends_them_and_names_the_restored_files() {
        cli.engine.answer("CheckpointsRestore", "{\"pre_restore_checkpoint_id\":\"P\",\"restored_at\":"
                + "\"2026-01-01T00:00:00.000Z\",\"restored_paths\":[\"notes.txt\"]}");
        assertThat(cli.run("checkpoints", "restore", "W", "C", "--path", "NOTES.txt", "-p", "b.md")).isZero();
        assertThat(cli.engine.calls.get(0).params().getAsJsonArray("paths").toString())
                .isEqualTo("[\"NOTES.txt\",\"b.md\"]");
        assertThat(cli.out).contains("restored notes.txt from C", "checkpoints restore W P");

        cli.engine.answer("CheckpointsRestore", "{\"pre_restore_checkpoint_id\":\"P\",\"restored_at\":"
                + "\"2026-01-01T00:00:00.000Z\"}");
        assertThat(cli.run("checkpoints", "restore", "W", "C")).isZero();
        assertThat(cli.engine.calls.get(1).params().has("paths")).isFalse();
    }

    @Test
    void diff_prints_one_row_per_changed_file_in_name_order_and_the_counts() {
        cli.engine.answer("CheckpointsDiff", "{\"from_checkpoint_id\":\"A\",\"added\":[{\"path\":\"z.md\","
                + "\"size\":2048,\"sha256\":\"aa\"}],\"removed\":[{\"path\":\"a.txt\",\"size\":10,\"sha256\":\"bb\"}],"
                + "\"changed\":[{\"path\":\"m.csv\",\"from_size\":5,\"from_sha256\":\"cc\",\"to_size\":7,"
                + "\"to_sha256\":\"dd\"}],\"unchanged\":3}");
        assertThat(cli.run("checkpoints", "diff", "W", "A")).isZero();
        assertThat(cli.engine.calls.get(0).params().has("to_checkpoint_id")).isFalse();
        assertThat(cli.out).containsSubsequence("removed", "a.txt", "changed", "m.csv", "added", "z.md",
                "1 added, 1 removed, 1 changed, 3 unchanged (from A to the current files)");

        assertThat(cli.run("checkpoints", "diff", "W", "A", "B")).isZero();
        assertThat(cli.engine.calls.get(1).params().get("to_checkpoint_id").getAsString()).isEqualTo("B");
    }

    @Test
    void pin_and_unpin_send_the_flag_and_list_shows_pins_and_the_store_size() {
        cli.engine.answer("CheckpointsSetPinned", "{\"checkpoint\":{\"checkpoint_id\":\"C\",\"pinned\":true}}");
        assertThat(cli.run("checkpoints", "pin", "W", "C")).isZero();
        assertThat(cli.engine.calls.get(0).params().get("pinned").getAsBoolean()).isTrue();
        assertThat(cli.out).contains("pinned C");
        assertThat(cli.run("checkpoints", "unpin", "W", "C")).isZero();
        assertThat(cli.engine.calls.get(1).params().get("pinned").getAsBoolean()).isFalse();

        cli.engine.answer("CheckpointsList", "{\"checkpoints\":[{\"checkpoint_id\":\"C\",\"created_at\":"
                + "\"2026-01-01T00:00:00.000Z\",\"reason\":\"manual\",\"description\":\"d\",\"stats\":{\"files\":1,"
                + "\"total_bytes\":10},\"restorable\":true,\"pinned\":true}],\"store\":{\"objects\":1,\"bytes\":2048,"
                + "\"max_bytes\":1048576}}");
        assertThat(cli.run("checkpoints", "list", "W")).isZero();
        assertThat(cli.out).contains("PINNED", "pinned", "content store: 1 objects, 2.0 KiB on disk (budget 1.0 MiB)");
    }

    @Test
    void chat_asks_for_consent_and_declining_sends_nothing_and_exits_with_the_consent_code() {
        cli.engine.answer("WorkshopSendUserMessage", "{\"message_id\":\"u-1\"}")
                .fail("WorkshopStreamAssistantReply", "{\"error_code\":\"EGRESS_CONSENT_REQUIRED\",\"phase\":"
                        + "\"workshop\",\"retryable\":true,\"actions\":[\"retry\"],\"provider_id\":\"openai\","
                        + "\"model_id\":\"openai:gpt-5.2\",\"endpoint_host\":\"api.openai.com\",\"scope_hash\":\"abc\"}")
                .answer("WorkbenchFilesList", "{\"files\":[{\"path\":\"notes.md\",\"size\":120,\"file_kind\":\"text\"}]}");
        cli.stdin = "n\n";
        assertThat(cli.run("chat", "W", "hello")).isEqualTo(13);
        assertThat(cli.err).contains("openai (openai:gpt-5.2) at api.openai.com").contains("notes.md")
                .contains("consent declined");
        assertThat(cli.engine.methods()).doesNotContain("EgressGrantWorkshopConsent");
    }

    @Test
    void chat_with_yes_grants_consent_for_the_error_fields_and_streams_the_reply() {
        int[] attempts = {0};
        cli.engine.answer("WorkshopSendUserMessage", "{\"message_id\":\"u-1\"}")
                .answer("WorkbenchFilesList", "{\"files\":[]}")
                .answer("EgressGrantWorkshopConsent", "{}")
                .on("WorkshopStreamAssistantReply", (params, notify) -> {
                    if (attempts[0]++ == 0) {
                        throw new dev.trestle.cli.engine.EngineCallException("WorkshopStreamAssistantReply", -32000,
                                "consent", JsonParser.parseString("{\"error_code\":\"EGRESS_CONSENT_REQUIRED\","
                                        + "\"actions\":[\"retry\"],\"provider_id\":\"openai\",\"model_id\":"
                                        + "\"openai:gpt-5.2\",\"endpoint_host\":\"h\",\"scope_hash\":\"abc\"}")
                                .getAsJsonObject());
                    }
                    notify.onNotification("WorkshopAssistantStreamDelta", JsonParser.parseString(
                            "{\"workbench_id\":\"W\",\"message_id\":\"a-1\",\"token_delta\":\"Hel\"}").getAsJsonObject());
                    notify.onNotification("WorkshopAssistantStreamDelta", JsonParser.parseString(
                            "{\"workbench_id\":\"W\",\"message_id\":\"a-1\",\"token_delta\":\"lo!\"}").getAsJsonObject());
                    return JsonParser.parseString("{\"message_id\":\"a-1\",\"model_id\":\"openai:gpt-5.2\"}")
                            .getAsJsonObject();
                });
        assertThat(cli.run("chat", "W", "hi", "--yes")).isZero();
        assertThat(cli.out).contains("Hello!");
        ScriptedEngine.Call grant = cli.engine.calls.stream()
                .filter(c -> c.method().equals("EgressGrantWorkshopConsent")).findFirst().orElseThrow();
        assertThat(grant.params().get("scope_hash").getAsString()).isEqualTo("abc");
        assertThat(grant.params().get("persist").getAsBoolean()).isFalse();
        assertThat(grant.params().get("message_id")).isNull();
    }

    @Test
    void usage_errors_exit_with_two() {
        assertThat(cli.run("workbench", "open")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.launches).isEmpty();
    }
}
