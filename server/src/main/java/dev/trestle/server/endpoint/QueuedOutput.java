package dev.trestle.server.endpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * An output stream that never blocks its writer on a slow reader: bytes are appended to a queue in order and one
 * drain task writes them to the connection. So a client that stops reading cannot stall the request (and the Workbench
 * lock) whose notification is being fanned out to it. A client more than {@link #MAX_PENDING_BYTES} behind is cut off:
 * the stream fails and {@code onFailure} runs (the connection is closed).
 * <p>
 * Order is preserved because every frame of a connection, responses and notifications alike, passes through this one
 * queue in the order the engine wrote it.
 */
final class QueuedOutput extends OutputStream {
    static final int MAX_PENDING_BYTES = 64 * 1024 * 1024;

    private final OutputStream target;
    private final Runnable onFailure;
    private byte[] pending = new byte[8192];
    private int size;
    private boolean closed;
    private boolean failed;

    QueuedOutput(OutputStream target, Executor drainer, Runnable onFailure) {
        this.target = target;
        this.onFailure = onFailure;
        drainer.execute(this::drain);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (failed || closed) {
            throw new IOException("connection closed");
        }
        if (size + len > MAX_PENDING_BYTES) {
            failed = true;
            notifyAll();
            throw new IOException("client is not reading");
        }
        if (size + len > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, size + len));
        }
        System.arraycopy(b, off, pending, size, len);
        size += len;
        notifyAll();
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    private void drain() {
        byte[] spare = new byte[8192];
        try {
            while (true) {
                byte[] chunk;
                int n;
                synchronized (this) {
                    while (size == 0 && !closed && !failed) {
                        wait();
                    }
                    if (failed || size == 0) {
                        break;
                    }
                    chunk = pending;
                    n = size;
                    pending = spare.length >= 8192 ? spare : new byte[8192];
                    size = 0;
                }
                target.write(chunk, 0, n);
                target.flush();
                spare = chunk.length > 1 << 20 ? new byte[8192] : chunk;
            }
        } catch (IOException | InterruptedException e) {
            synchronized (this) {
                failed = true;
            }
        }
        boolean cutOff;
        synchronized (this) {
            cutOff = failed;
        }
        try {
            target.close();
        } catch (IOException e) {
            // already gone
        }
        if (cutOff) {
            onFailure.run();
        }
    }
}
