package dev.trestle.server.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The relay's view of stdin: one pump reads the real stream into a queue, so a reader can be interrupted without
 * losing a byte, and bytes already sent to an engine that closed without answering can be put back
 * ({@link #unread}) for the next attempt. This is how a relay that connects just as the engine retires (its idle
 * grace ran out) replays the client's first messages to the engine that starts next, instead of dropping them.
 */
public final class PumpedInput extends InputStream {
    private static final byte[] EOF = new byte[0];

    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final Deque<byte[]> front = new ArrayDeque<>();
    private byte[] chunk = new byte[0];
    private int pos;
    private boolean ended;

    public PumpedInput(InputStream raw, Executor pump) {
        pump.execute(() -> {
            byte[] buf = new byte[1 << 16];
            try {
                int n;
                while ((n = raw.read(buf)) >= 0) {
                    if (n > 0) {
                        queue.add(java.util.Arrays.copyOf(buf, n));
                    }
                }
            } catch (IOException e) {
                // a broken stdin ends the input like a closed one
            }
            queue.add(EOF);
        });
    }

    /** Puts {@code bytes} back before everything not yet read. */
    public synchronized void unread(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        if (pos < chunk.length) {
            front.addFirst(java.util.Arrays.copyOfRange(chunk, pos, chunk.length));
        }
        front.addFirst(bytes);
        chunk = new byte[0];
        pos = 0;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        synchronized (this) {
            if (pos >= chunk.length && !front.isEmpty()) {
                chunk = front.pollFirst();
                pos = 0;
            }
            if (pos < chunk.length) {
                return take(b, off, len);
            }
            if (ended) {
                return -1;
            }
        }
        byte[] next;
        try {
            next = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("relay input interrupted");
        }
        synchronized (this) {
            if (next == EOF) {
                ended = true;
                queue.add(EOF);
                return front.isEmpty() ? -1 : read(b, off, len);
            }
            front.addLast(next);
            if (pos >= chunk.length) {
                chunk = front.pollFirst();
                pos = 0;
            }
            return take(b, off, len);
        }
    }

    private int take(byte[] b, int off, int len) {
        int n = Math.min(len, chunk.length - pos);
        System.arraycopy(chunk, pos, b, off, n);
        pos += n;
        return n;
    }
}
