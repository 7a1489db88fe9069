package dev.trestle.cli.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Drains the engine's stderr on its own thread: forwarded live with {@code --verbose}, otherwise kept (the last
 * {@value #CAPACITY} bytes) so a failure can show what the engine said.
 */
final class StderrTail implements Runnable {
    static final int CAPACITY = 64 * 1024;

    private final InputStream in;
    private final PrintWriter forward;
    private final byte[] ring = new byte[CAPACITY];
    private final CountDownLatch drained = new CountDownLatch(1);
    private long written;

    /** @param forward where to copy stderr live, or null to keep it only */
    StderrTail(InputStream in, PrintWriter forward) {
        this.in = in;
        this.forward = forward;
    }

    @Override
    public void run() {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                keep(buf, n);
                if (forward != null) {
                    forward.print(new String(buf, 0, n, StandardCharsets.UTF_8));
                    forward.flush();
                }
            }
        } catch (IOException e) {
            // the engine went away; what was read is kept
        } finally {
            drained.countDown();
        }
    }

    private synchronized void keep(byte[] buf, int n) {
        for (int i = 0; i < n; i++) {
            ring[(int) (written++ % CAPACITY)] = buf[i];
        }
    }

    /** Waits (bounded) until the stream ended, so the text after an engine exit is complete. */
    void awaitEnd(long millis) throws InterruptedException {
        drained.await(millis, TimeUnit.MILLISECONDS);
    }

    /** What the engine wrote to stderr (its last {@value #CAPACITY} bytes). */
    synchronized String text() {
        int len = (int) Math.min(written, CAPACITY);
        byte[] out = new byte[len];
        long start = written - len;
        for (int i = 0; i < len; i++) {
            out[i] = ring[(int) ((start + i) % CAPACITY)];
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
