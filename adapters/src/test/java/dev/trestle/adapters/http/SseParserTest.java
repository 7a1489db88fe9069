package dev.trestle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    private final List<SseParser.Event> events = new ArrayList<>();
    private final SseParser parser = new SseParser(events::add);

    private void feed(String s) {
        parser.feed(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void named_events_and_plain_data_are_dispatched_on_a_blank_line() {
        feed("event: message_start\ndata: {\"a\":1}\n\ndata: x\n\n");
        assertThat(events).containsExactly(new SseParser.Event("message_start", "{\"a\":1}"),
                new SseParser.Event("message", "x"));
    }

    @Test
    void multi_line_data_is_joined_with_line_feeds_and_comments_are_ignored() {
        feed(": keep-alive\ndata: one\ndata:two\n: another comment\ndata:  three\n\n");
        assertThat(events).containsExactly(new SseParser.Event("message", "one\ntwo\n three"));
    }

    @Test
    void crlf_and_cr_line_endings_work_even_when_split_across_chunks() {
        feed("data: a\r");
        feed("\n\r");
        feed("\ndata: b\r\rdata: c\n\n");
        assertThat(events).extracting(SseParser.Event::data).containsExactly("a", "b", "c");
    }

    @Test
    void utf8_characters_split_across_chunks_survive() {
        byte[] bytes = "data: héllo ✓\n\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            parser.feed(new byte[] {b});
        }
        assertThat(events).extracting(SseParser.Event::data).containsExactly("héllo ✓");
    }

    @Test
    void done_sentinel_is_passed_through_as_data_and_events_without_data_are_dropped() {
        feed("event: ping\n\ndata: [DONE]\n\n");
        assertThat(events).containsExactly(new SseParser.Event("message", "[DONE]"));
    }

    @Test
    void an_event_left_open_at_the_end_is_flushed_by_finish_and_unknown_fields_are_ignored() {
        feed("id: 7\nretry: 100\ndata: last");
        assertThat(events).isEmpty();
        parser.finish();
        assertThat(events).extracting(SseParser.Event::data).containsExactly("last");
    }

    @Test
    void a_leading_byte_order_mark_is_skipped() {
        feed("\uFEFFdata: x\n\n");
        assertThat(events).extracting(SseParser.Event::data).containsExactly("x");
    }
}
