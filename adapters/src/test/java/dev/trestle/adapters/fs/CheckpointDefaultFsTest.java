package dev.trestle.adapters.fs;

/** {@link CheckpointContract} on DefaultFs. */
class CheckpointDefaultFsTest extends CheckpointContract {
    @Override
    Fs fs() {
        return Fs.DEFAULT;
    }
}
