package dev.trestle.adapters.fs;

/** {@link PublishedFilesContract} on JimfsNoLinks. */
class PublishedFilesJimfsNoLinksTest extends PublishedFilesContract {
    @Override
    Fs fs() {
        return Fs.JIMFS_NO_LINKS;
    }
}
