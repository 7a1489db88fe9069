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
}
