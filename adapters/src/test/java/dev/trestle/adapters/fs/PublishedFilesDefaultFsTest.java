package dev.trestle.adapters.fs;

/** {@link PublishedFilesContract} on DefaultFs. */
class PublishedFilesDefaultFsTest extends PublishedFilesContract {
    @Override
    Fs fs() {
        return Fs.DEFAULT;
    }
}
