package dev.trestle.adapters.fs;

/** {@link ReconcileContract} on JimfsNoLinks. */
class ReconcileJimfsNoLinksTest extends ReconcileContract {
    @Override
    Fs fs() {
        return Fs.JIMFS_NO_LINKS;
    }
}
