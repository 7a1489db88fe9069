package dev.trestle.cli.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiKeyReaderTest {
    private final StringWriter prompts = new StringWriter();

    private Terminal stdin(String text) {
        return Terminal.streams(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(prompts));
    }

    @Test
    void key_is_read_from_the_named_environment_variable_and_trimmed() throws CliException {
        String key = ApiKeyReader.read("openai", "MY_KEY", Map.of("MY_KEY", "  sk-env-123 \n"), stdin(""));
        assertThat(key).isEqualTo("sk-env-123");
    }

    @Test
    void key_is_read_from_the_first_line_of_stdin_when_no_variable_is_named() throws CliException {
        String key = ApiKeyReader.read("openai", null, Map.of(), stdin("sk-piped-456\nignored\n"));
        assertThat(key).isEqualTo("sk-piped-456");
    }

    @Test
    void a_missing_variable_is_a_usage_error_that_does_not_show_any_value() {
        assertThatThrownBy(() -> ApiKeyReader.read("openai", "NOPE", Map.of("OTHER", "sk-secret"), stdin("")))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("NOPE")
                .hasMessageNotContaining("sk-secret")
                .extracting(e -> ((CliException) e).exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void empty_stdin_is_a_usage_error() {
        assertThatThrownBy(() -> ApiKeyReader.read("openai", null, Map.of(), stdin("")))
                .isInstanceOf(CliException.class).hasMessageContaining("standard input");
        assertThatThrownBy(() -> ApiKeyReader.read("openai", null, Map.of(), stdin("   \n")))
                .isInstanceOf(CliException.class).hasMessageContaining("empty");
    }

    @Test
    void reading_from_a_pipe_prints_no_prompt_and_never_echoes_the_key() throws CliException {
        ApiKeyReader.read("openai", null, Map.of(), stdin("sk-quiet\n"));
        assertThat(prompts.toString()).doesNotContain("sk-quiet");
    }
}
