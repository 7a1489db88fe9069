package dev.trestle.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgressCommandsTest {

    @Test
    void a_receipt_prints_the_body_hash_status_usage_and_every_file_sent_never_content() {
        JsonObject result = JsonParser.parseString("""
                {"events":[
                 {"timestamp":"2026-12-06T20:00:00Z","kind":"consent_granted","provider_id":"openai",
                  "model_id":"openai:gpt-5.2","endpoint_host":"api.openai.com","scope_hash":"0123456789abcdef0123"},
                 {"timestamp":"2026-12-06T20:00:05Z","kind":"request_sent","provider_id":"openai",
                  "model_id":"openai:gpt-5.2","endpoint_host":"api.openai.com","scope_hash":"0123456789abcdef0123",
                  "outcome":"ok","receipt":{"request_kind":"chat","body_sha256":"feed","body_bytes":812,
                  "http_status":200,"usage_input_tokens":120,"usage_output_tokens":9,"outcome":"ok",
                  "files":[{"name":"notes.txt","sha256":"beef","bytes":15,"tokens":4,"tokens_estimated":true,
                  "truncated":false}]}}]}""").getAsJsonObject();
        List<String> lines = EgressCommands.lines(result, ZoneOffset.UTC);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("consent_granted").contains("openai / openai:gpt-5.2")
                .contains("@ api.openai.com").contains("scope 0123456789ab…");
        assertThat(lines.get(1)).contains("request_sent").contains("body sha256 feed (812 B)").contains("HTTP 200")
                .contains("usage 120 in / 9 out");
        assertThat(lines.get(2)).isEqualTo("    sent notes.txt  sha256 beef  15 B  ~4 tokens");
    }

    @Test
    void an_empty_log_says_nothing_was_sent() {
        assertThat(EgressCommands.lines(JsonParser.parseString("{\"events\":[]}").getAsJsonObject(), ZoneOffset.UTC))
                .containsExactly("(nothing was sent from this Workbench)");
    }
}
