package dev.trestle.adapters.fs;

/** {@link RestoreSwapContract} on JimfsNoLinks. */
class RestoreSwapJimfsNoLinksTest extends RestoreSwapContract {
    @Override
    Fs fs() {
        return Fs.JIMFS_NO_LINKS;
    }
}
