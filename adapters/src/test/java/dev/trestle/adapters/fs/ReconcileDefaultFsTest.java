package dev.trestle.adapters.fs;

/** {@link ReconcileContract} on DefaultFs. */
class ReconcileDefaultFsTest extends ReconcileContract {
    @Override
    Fs fs() {
        return Fs.DEFAULT;
    }
}
