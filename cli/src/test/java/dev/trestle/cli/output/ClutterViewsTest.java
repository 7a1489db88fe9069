package dev.trestle.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class ClutterViewsTest {
    private static final JsonObject STATE = JsonParser.parseString("""
            {"score":0.2,"level":"Light","model_id":"mistral:mistral-large","usage_tokens_estimate":24000,
             "context_tokens_estimate":128000,"reserved_output_tokens":8192,"usable_context_tokens":119808,
             "source":"calibrated","error_band_percent":5.0,"breakdown":[
              {"kind":"system","tokens":300},{"kind":"file","path":"ledger.json","tokens":12000},
              {"kind":"file","path":"notes.md","tokens":9000},{"kind":"other_files","tokens":700,"files":60},
              {"kind":"conversation","tokens":2000}]}""").getAsJsonObject();

    @Test
    void the_clutter_line_names_the_usable_window_the_reserve_and_how_the_figure_was_obtained() {
        assertThat(Views.clutter(STATE)).endsWith("(24 000 of 119 808 usable tokens (window 128 000 − 8 192 for the "
                + "reply), calibrated ±5%, mistral:mistral-large)");
    }

    @Test
    void an_older_engine_without_the_new_fields_still_renders() {
        JsonObject old = JsonParser.parseString("{\"score\":0.1,\"level\":\"Light\",\"model_id\":\"m\","
                + "\"usage_tokens_estimate\":100,\"context_tokens_estimate\":1000}").getAsJsonObject();
        assertThat(Views.clutter(old)).endsWith("(100 of 1 000 tokens, m)");
        assertThat(Views.clutterBreakdown(old).isEmpty()).isTrue();
    }

    @Test
    void the_breakdown_lists_every_item_with_tokens_and_share() {
        String table = String.join("\n", Views.clutterBreakdown(STATE).lines());
        assertThat(table).contains("ITEM").contains("TOKENS").contains("SHARE");
        assertThat(table).containsPattern("ledger\\.json\\s+12 000\\s+50\\.0%");
        assertThat(table).containsPattern("60 other files\\s+700\\s+2\\.9%");
        assertThat(table).containsPattern("\\(conversation\\)\\s+2 000\\s+8\\.3%");
        assertThat(table).containsPattern("\\(instructions and manifest\\)\\s+300\\s+1\\.3%");
    }
}
