package dev.trestle.adapters.fs;

/** {@link RestoreSwapContract} on Jimfs. */
class RestoreSwapJimfsTest extends RestoreSwapContract {
    @Override
    Fs fs() {
        return Fs.JIMFS;
    }
}
