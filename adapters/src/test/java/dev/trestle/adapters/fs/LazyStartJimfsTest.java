package dev.trestle.adapters.fs;

/** {@link LazyStartContract} on Jimfs. */
class LazyStartJimfsTest extends LazyStartContract {
    @Override
    Fs fs() {
        return Fs.JIMFS;
    }
}
