package dev.trestle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.cli.base.ExitCodes;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

class HelpTest {

    @Test
    void the_exit_codes_shown_in_help_match_the_exit_code_table() {
        String[] listed = TrestleCli.class.getAnnotation(Command.class).exitCodeList();
        for (Map.Entry<String, Integer> e : ExitCodes.errorCodeTable().entrySet()) {
            assertThat(listed).as(e.getKey()).anySatisfy(line ->
                    assertThat(line).startsWith(e.getValue() + ":" + e.getKey()));
        }
        assertThat(listed).contains("3:engine busy (another engine holds the data dir)");
    }

    @Test
    void help_lists_every_command_group() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out).contains("workbench", "files", "models", "providers", "checkpoints", "clutter", "draft",
                "consent", "chat", "propose", "apply", "tour", "simulate");
        assertThat(cli.launches).isEmpty();
    }

    @Test
    void a_command_registers_only_the_groups_its_arguments_name_and_help_all_of_them() {
        TrestleCli root = new TrestleCli(Map.of(), null, null, java.time.ZoneId.of("UTC"));
        java.io.PrintWriter sink = new java.io.PrintWriter(java.io.Writer.nullWriter());
        assertThat(TrestleCli.commandLine(root, sink, sink, "--json", "workbench", "list").getSubcommands())
                .containsOnlyKeys("workbench");
        assertThat(TrestleCli.commandLine(root, sink, sink, "--data-dir", "tour", "files", "list").getSubcommands())
                .containsOnlyKeys("tour", "files");
        for (String[] args : new String[][] {{}, {"--help"}, {"--version"}, {"workbnch", "list"}}) {
            assertThat(TrestleCli.commandLine(root, sink, sink, args).getSubcommands()).as(String.join(" ", args))
                    .hasSize(TrestleCli.COMMANDS.size()).containsKeys("workbench", "warmup");
        }
    }

    @Test
    void a_mistyped_command_still_gets_the_full_suggestions() {
        CliHarness cli = new CliHarness();
        assertThat(cli.run("workbenh", "list")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err).contains("workbench");
    }
}
