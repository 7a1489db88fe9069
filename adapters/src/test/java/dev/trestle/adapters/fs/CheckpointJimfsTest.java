package dev.trestle.adapters.fs;

/** {@link CheckpointContract} on Jimfs. */
class CheckpointJimfsTest extends CheckpointContract {
    @Override
    Fs fs() {
        return Fs.JIMFS;
    }
}
