package dev.trestle.adapters.fs;

/** {@link ReconcileContract} on Jimfs. */
class ReconcileJimfsTest extends ReconcileContract {
    @Override
    Fs fs() {
        return Fs.JIMFS;
    }
}
