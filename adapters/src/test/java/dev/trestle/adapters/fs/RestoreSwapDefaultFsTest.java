package dev.trestle.adapters.fs;

/** {@link RestoreSwapContract} on DefaultFs. */
class RestoreSwapDefaultFsTest extends RestoreSwapContract {
    @Override
    Fs fs() {
        return Fs.DEFAULT;
    }
}
