package dev.trestle.adapters.fs;

/** {@link PublishedFilesContract} on Jimfs. */
class PublishedFilesJimfsTest extends PublishedFilesContract {
    @Override
    Fs fs() {
        return Fs.JIMFS;
    }
}
