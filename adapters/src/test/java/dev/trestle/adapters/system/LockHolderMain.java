package dev.trestle.adapters.system;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A child-process helper for {@link EngineLockTest}: tries the engine lock on {@code args[0]}, prints
 * {@code locked} or {@code busy}, then (if locked) holds it until its standard input closes.
 */
public final class LockHolderMain {
    private LockHolderMain() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        Optional<EngineLock> lock = EngineLock.tryAcquire(Path.of(args[0]));
        out.println(lock.isPresent() ? "locked" : "busy");
        if (lock.isPresent()) {
            while (System.in.read() >= 0) {
                // hold until the parent closes our stdin
            }
            lock.get().close();
        }
    }
}
