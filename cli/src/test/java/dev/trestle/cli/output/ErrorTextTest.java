package dev.trestle.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.trestle.cli.engine.EngineCallException;
import org.junit.jupiter.api.Test;

class ErrorTextTest {

    private static EngineCallException error(String json) {
        return new EngineCallException("WorkbenchOpen", -32000, "failed",
                JsonParser.parseString(json).getAsJsonObject());
    }

    @Test
    void application_error_shows_code_detail_and_actions_in_words() {
        EngineCallException e = error("{\"error_code\":\"VALIDATION_FAILED\",\"phase\":\"workbench\","
                + "\"retryable\":false,\"actions\":[\"review_draft\",\"discard_draft\"],"
                + "\"detail\":\"draft_exists\",\"workbench_id\":\"01WB\"}");
        assertThat(ErrorText.lines(e)).containsExactly(
                "error: VALIDATION_FAILED (draft_exists)",
                "  what you can do:",
                "    - review the draft: trestle draft review 01WB",
                "    - discard the draft: trestle draft discard 01WB");
    }

    @Test
    void consent_error_names_provider_model_and_endpoint() {
        EngineCallException e = error("{\"error_code\":\"EGRESS_CONSENT_REQUIRED\",\"phase\":\"workshop\","
                + "\"retryable\":true,\"actions\":[\"retry\"],\"provider_id\":\"openai\","
                + "\"model_id\":\"openai:gpt-5.2\",\"endpoint_host\":\"api.openai.com\",\"scope_hash\":\"ab\"}");
        assertThat(ErrorText.lines(e)).containsExactly(
                "error: EGRESS_CONSENT_REQUIRED",
                "  provider openai, model openai:gpt-5.2, endpoint api.openai.com",
                "  what you can do:",
                "    - try again (the same command)");
    }

    @Test
    void protocol_error_without_error_info_says_which_method_failed() {
        EngineCallException e = new EngineCallException("WorkshopProposeChanges", -32601, "Unsupported request method",
                null);
        assertThat(ErrorText.lines(e).get(0))
                .isEqualTo("error: engine protocol error -32601 in WorkshopProposeChanges (Unsupported request method)");
        assertThat(e.errorCode()).isEmpty();
    }

    @Test
    void detail_token_is_the_text_before_the_first_colon() {
        EngineCallException e = error("{\"error_code\":\"VALIDATION_FAILED\",\"detail\":\"unknown_workbench: 01X\","
                + "\"actions\":[]}");
        assertThat(e.detailToken()).contains("unknown_workbench");
    }
}
