package dev.trestle.adapters.fs;

/** {@link DraftContract} on DefaultFs. */
class DraftDefaultFsTest extends DraftContract {
    @Override
    Fs fs() {
        return Fs.DEFAULT;
    }
}
