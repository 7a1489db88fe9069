package dev.trestle.adapters.fs;

/** {@link DraftContract} on Jimfs. */
class DraftJimfsTest extends DraftContract {
    @Override
    Fs fs() {
        return Fs.JIMFS;
    }
}
