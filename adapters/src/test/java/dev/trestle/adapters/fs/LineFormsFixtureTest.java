package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trestle.adapters.support.ErrorInfoForm;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.model.EgressReceipt;
import dev.trestle.domain.model.ErrorAction;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.SentFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conversation and egress lines stay compatible: {@code conversation.jsonl} and {@code egress_events.jsonl} under
 * {@code stored-forms/} were written by the hand-built codec (from {@link LineFormsFixtures}) before the lines became
 * Jackson-annotated records; every line must read back to the same value and be written again byte for byte. The
 * {@code -extras} files are hand-made: unknown fields are ignored, garbled, torn and unreadable lines are skipped, and
 * an unreadable {@code error} or a {@code receipt} that is not an object is dropped, not the line.
 */
class LineFormsFixtureTest {
    static final Instant T2 = LineFormsFixtures.T2;

    @TempDir
    Path dir;

    private static String fixture(String name) throws IOException {
        try (InputStream in = LineFormsFixtureTest.class.getResourceAsStream("/stored-forms/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private <T> List<T> readLines(String name, Function<JsonNode, T> reader) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, fixture(name), StandardCharsets.UTF_8);
        return JsonFiles.readLines(file, reader, Phase.WORKSHOP);
    }

    private static <T> void roundTrip(String name, List<T> values, Function<T, String> write,
                                      Function<JsonNode, T> read) throws IOException {
        List<String> lines = fixture(name).lines().toList();
        assertThat(lines).hasSameSizeAs(values);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(read.apply(Json.MAPPER.readTree(lines.get(i)))).as(name + " line " + (i + 1) + " reads back")
                    .isEqualTo(values.get(i));
            assertThat(write.apply(values.get(i))).as(name + " line " + (i + 1) + " bytes").isEqualTo(lines.get(i));
        }
    }

    @Test
    void conversation_lines_read_back_and_rewrite_byte_for_byte() throws IOException {
        roundTrip("conversation.jsonl", LineFormsFixtures.CONVERSATION, LineForms::conversation,
                LineForms::conversation);
        assertThat(readLines("conversation.jsonl", LineForms::conversation))
                .isEqualTo(LineFormsFixtures.CONVERSATION);
    }

    @Test
    void egress_lines_read_back_and_rewrite_byte_for_byte() throws IOException {
        roundTrip("egress_events.jsonl", LineFormsFixtures.EGRESS, LineForms::egress, LineForms::egress);
        assertThat(readLines("egress_events.jsonl", LineForms::egress)).isEqualTo(LineFormsFixtures.EGRESS);
    }

    @Test
    void the_error_info_form_is_the_one_every_file_shares() throws IOException {
        JsonNode line = Json.MAPPER.readTree(fixture("conversation.jsonl").lines().toList().get(4));
        assertThat(ErrorInfoForm.read(line.get("error"))).isEqualTo(LineFormsFixtures.RATE_LIMITED);
        assertThat(Json.line(ErrorInfoForm.tree(LineFormsFixtures.RATE_LIMITED))).isEqualTo(Json.line(line.get("error")));
    }

    /**
     * {@code metadata} is an unordered map in the domain ({@code Map.copyOf}), so with two or more keys the order of
     * the written keys is not fixed (neither was it before): such a line is compared field by field.
     */
    @Test
    void metadata_with_several_keys_is_field_equal() throws IOException {
        ConversationRecord r = ConversationRecord.event("01JAAAAAAAAAAAAAAAAAAAAAS9", "checkpoint_restore", "Restored.",
                T2, Map.of("checkpoint_id", "01JAAAAAAAAAAAAAAAAAAAAAC1", "files", "3", "note", "\"ü\""));
        String line = LineForms.conversation(r);
        assertThat(Json.MAPPER.readTree(line)).isEqualTo(Json.MAPPER.readTree("{\"type\":\"system_event\","
                + "\"message_id\":\"01JAAAAAAAAAAAAAAAAAAAAAS9\",\"role\":\"system\",\"text\":\"Restored.\","
                + "\"created_at\":\"2026-12-06T08:00:00.000Z\",\"event_kind\":\"checkpoint_restore\",\"metadata\":"
                + "{\"note\":\"\\\"ü\\\"\",\"files\":\"3\",\"checkpoint_id\":\"01JAAAAAAAAAAAAAAAAAAAAAC1\"}}"));
        assertThat(LineForms.conversation(Json.MAPPER.readTree(line))).isEqualTo(r);
    }

    @Test
    void conversation_extras_ignore_unknown_fields_and_skip_what_cannot_be_read() throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("b", "two");
        meta.put("n", "5");
        meta.put("o", "{\"k\":true}");
        meta.put("z", "null");
        List<ConversationRecord> expected = new ArrayList<>();
        expected.add(ConversationRecord.user("01JAAAAAAAAAAAAAAAAAAAAAX1", "hi", T2));
        expected.add(ConversationRecord.event("01JAAAAAAAAAAAAAAAAAAAAAX3", "note", "", T2, meta));
        for (String id : List.of("X4", "X5", "X6")) {
            expected.add(ConversationRecord.event("01JAAAAAAAAAAAAAAAAAAAAA" + id, "workshop_failed", "failed", T2,
                    null));
        }
        expected.add(ConversationRecord.event("01JAAAAAAAAAAAAAAAAAAAAAX7", "workshop_failed", "failed", T2, null)
                .withError(new ErrorInfo(ErrorCode.DISK_FULL, Phase.PUBLISH, false,
                        List.of(ErrorAction.FREE_DISK_SPACE), null, null, null, null, null, null, null, null, null)));
        assertThat(readLines("conversation-extras.jsonl", LineForms::conversation)).isEqualTo(expected);
    }

    @Test
    void egress_extras_ignore_unknown_fields_and_skip_what_cannot_be_read() throws IOException {
        EgressReceipt receipt = new EgressReceipt(T2, null, null, null, null, "chat",
                List.of(new SentFile("a.md", null, 10L, null, false, false)), null, 99L, null, null, null, null, null,
                true);
        assertThat(readLines("egress_events-extras.jsonl", LineForms::egress)).containsExactly(
                new EgressEvent(T2, "request_sent", "openai", null, null, null, "ok", null, 5L, null, receipt),
                new EgressEvent(T2, "request_sent", null, null, null, null, null, null, null, null, null));
    }
}
