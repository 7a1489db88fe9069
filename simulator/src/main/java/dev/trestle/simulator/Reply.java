package dev.trestle.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One scripted answer of the {@link ProviderSimulator}: a streamed text (in the vendor's format), an HTTP error with
 * the vendor's error body, or a redirect; optionally delayed, dropped after some chunks, or held open until released.
 * Applies to chat calls; a validation call takes the next reply too, but a text reply there answers the model list.
 */
public final class Reply {
    /** Error body kinds beyond the status default. */
    public enum ErrorKind { DEFAULT, CONTEXT_LENGTH }

    final List<String> chunks;
    final int status;
    final ErrorKind errorKind;
    final Map<String, String> headers = new LinkedHashMap<>();
    String location;
    int dropAfter = -1;
    boolean withoutEnd;
    Duration firstByteDelay;
    boolean hold;
    java.util.function.IntConsumer chunkSent = i -> { };
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private Reply(List<String> chunks, int status, ErrorKind errorKind) {
        this.chunks = List.copyOf(chunks);
        this.status = status;
        this.errorKind = errorKind;
    }

    /** A 200 stream of these text chunks, one vendor event each, then the vendor's end and usage. */
    public static Reply text(String... chunks) {
        return new Reply(List.of(chunks), 200, ErrorKind.DEFAULT);
    }

    /** A proposal JSON streamed as the reply text (in a few chunks). */
    public static Reply proposal(String json) {
        List<String> parts = new ArrayList<>();
        int step = Math.max(1, (json.length() + 2) / 3);
        for (int i = 0; i < json.length(); i += step) {
            parts.add(json.substring(i, Math.min(json.length(), i + step)));
        }
        return new Reply(parts, 200, ErrorKind.DEFAULT);
    }

    /** An HTTP error with the vendor's body for that status. */
    public static Reply status(int status) {
        return new Reply(List.of(), status, ErrorKind.DEFAULT);
    }

    /** The vendor's context-length rejection (its real status and body). */
    public static Reply contextLength() {
        return new Reply(List.of(), 400, ErrorKind.CONTEXT_LENGTH);
    }

    /** A redirect to {@code location}. */
    public static Reply redirect(int status, String location) {
        Reply r = new Reply(List.of(), status, ErrorKind.DEFAULT);
        r.location = location;
        return r;
    }

    public Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Streams {@code n} chunks, then breaks the connection (a truncated body). */
    public Reply dropAfter(int n) {
        this.dropAfter = n;
        return this;
    }

    /**
     * Streams everything but the vendor's end event (OpenAI {@code response.completed}, Anthropic
     * {@code message_stop}, Gemini the chunk with {@code finishReason}, Mistral the {@code finish_reason} chunk and
     * {@code [DONE]}) and then ends the body cleanly: a gateway that closed early.
     */
    public Reply withoutEnd() {
        this.withoutEnd = true;
        return this;
    }

    /** Waits this long (or until {@link #release()}) before sending anything. */
    public Reply delayFirstByte(Duration delay) {
        this.firstByteDelay = delay;
        return this;
    }

    /** After its chunks, keeps the stream open until {@link #release()} (or the simulator closes). */
    public Reply hold() {
        this.hold = true;
        return this;
    }

    /**
     * Calls {@code listener} with the chunk's index right after each text chunk's event is flushed to the client
     * (on the simulator's thread), so a benchmark can time the relay per chunk.
     */
    public Reply onChunkSent(java.util.function.IntConsumer listener) {
        this.chunkSent = java.util.Objects.requireNonNull(listener);
        return this;
    }

    /** Ends a hold or a first-byte delay. */
    public void release() {
        released.countDown();
    }

    /** Waits until the simulator is holding this reply open. */
    public boolean awaitHeld(long timeout, TimeUnit unit) throws InterruptedException {
        return held.await(timeout, unit);
    }

    void markHeld() {
        held.countDown();
    }

    boolean awaitRelease(Duration max) throws InterruptedException {
        if (max == null) {
            released.await();
            return true;
        }
        return released.await(max.toNanos(), TimeUnit.NANOSECONDS);
    }
}
