package dev.trestle.adapters.fs;

import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.IdGeneratorPort;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BiPredicate;

/**
 * Test fixture (shipped in the adapters test-jar): a real {@link FileSystemWorkbenchStore} whose renames (plain or replacing) fail
 * on demand, so tests outside this package (the server's acceptance suites) can inject a failure at one exact step of a
 * publish or restore swap without widening the production API.
 */
public final class FaultInjectingStores {
    private FaultInjectingStores() {
    }

    /** Runs before every directory/file rename of the store; may throw (a failure) or block (a held lock). */
    @FunctionalInterface
    public interface RenameHook {
        void beforeRename(Path from, Path to) throws IOException;
    }

    /**
     * A store on {@code dataDir} whose {@code rename(from, to)} throws an {@link IOException} whenever
     * {@code failWhen.test(from, to)} is true; every other operation is the real one.
     */
    public static FileSystemWorkbenchStore failingRenames(Path dataDir, ClockPort clock, IdGeneratorPort ids,
                                                          EngineLogPort log, BiPredicate<Path, Path> failWhen) {
        return withRenameHook(dataDir, clock, ids, log, (from, to) -> {
            if (failWhen.test(from, to)) {
                throw new IOException("injected rename failure");
            }
        });
    }

    /** A store on {@code dataDir} that calls {@code hook} before each rename, then does the real one. */
    public static FileSystemWorkbenchStore withRenameHook(Path dataDir, ClockPort clock, IdGeneratorPort ids,
                                                          EngineLogPort log, RenameHook hook) {
        FileOps ops = new FileOps() {
            @Override
            public void rename(Path from, Path to) throws IOException {
                hook.beforeRename(from, to);
                FileOps.super.rename(from, to);
            }

            @Override
            public void replace(Path from, Path to) throws IOException {
                hook.beforeRename(from, to);
                FileOps.super.replace(from, to);
            }
        };
        return new FileSystemWorkbenchStore(dataDir, clock, ids, log, ops);
    }
}
