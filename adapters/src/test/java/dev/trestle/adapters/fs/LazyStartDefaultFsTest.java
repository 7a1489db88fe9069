package dev.trestle.adapters.fs;

/** {@link LazyStartContract} on DefaultFs. */
class LazyStartDefaultFsTest extends LazyStartContract {
    @Override
    Fs fs() {
        return Fs.DEFAULT;
    }
}
