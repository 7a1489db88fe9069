package dev.trestle.adapters.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An incremental parser for {@code text/event-stream} bodies (the WHATWG server-sent events format): lines end in LF,
 * CR or CRLF (also when split across chunks), {@code event:} names the event, {@code data:} lines are joined with LF,
 * lines starting with {@code :} are comments, a blank line dispatches. {@link #finish()} dispatches an event left open
 * at the end of the body. Not thread-safe; feed it from one thread.
 */
final class SseParser {
    /** A dispatched event; {@code event} is {@code "message"} when none was named. */
    record Event(String event, String data) {
    }

    private static final int MAX_LINE = 8 * 1024 * 1024;

    private final Consumer<Event> sink;
    private byte[] line = new byte[256];
    private int lineLength;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String eventName;
    private boolean lastWasCr;
    private boolean firstLine = true;

    SseParser(Consumer<Event> sink) {
        this.sink = sink;
    }

    /** Feeds the next bytes. Throws {@link IllegalStateException} for a line over 8 MiB. */
    void feed(ByteBuffer bytes) {
        if (bytes.hasArray()) {
            // scan the backing array directly: no per-byte buffer bounds checks on the hot relay path
            byte[] a = bytes.array();
            int from = bytes.arrayOffset() + bytes.position();
            int to = bytes.arrayOffset() + bytes.limit();
            bytes.position(bytes.limit());
            for (int i = from; i < to; i++) {
                accept(a[i]);
            }
            return;
        }
        while (bytes.hasRemaining()) {
            accept(bytes.get());
        }
    }

    private void accept(byte b) {
        if (b == '\n') {
            if (lastWasCr) {
                lastWasCr = false;
                return;
            }
            endLine();
        } else if (b == '\r') {
            lastWasCr = true;
            endLine();
        } else {
            lastWasCr = false;
            if (lineLength == line.length) {
                if (lineLength >= MAX_LINE) {
                    throw new IllegalStateException("event-stream line too long");
                }
                line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE, lineLength * 2));
            }
            line[lineLength++] = b;
        }
    }

    /** End of input: an event whose last line lacked its blank line is still dispatched (lenient). */
    void finish() {
        feed(new byte[] {'\n', '\n'});
    }

    void feed(byte[] bytes) {
        feed(ByteBuffer.wrap(bytes));
    }

    private void endLine() {
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (firstLine) {
            firstLine = false;
            if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> eventName = value;
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            default -> {
                // id, retry and unknown fields carry nothing a provider client needs
            }
        }
    }

    private void dispatch() {
        if (hasData) {
            sink.accept(new Event(eventName == null || eventName.isEmpty() ? "message" : eventName,
                    data.toString()));
        }
        data.setLength(0);
        hasData = false;
        eventName = null;
    }
}
