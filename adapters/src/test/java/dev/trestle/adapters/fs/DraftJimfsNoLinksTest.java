package dev.trestle.adapters.fs;

/** {@link DraftContract} on JimfsNoLinks. */
class DraftJimfsNoLinksTest extends DraftContract {
    @Override
    Fs fs() {
        return Fs.JIMFS_NO_LINKS;
    }
}
