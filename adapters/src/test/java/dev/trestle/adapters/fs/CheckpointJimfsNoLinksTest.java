package dev.trestle.adapters.fs;

/** {@link CheckpointContract} on JimfsNoLinks. */
class CheckpointJimfsNoLinksTest extends CheckpointContract {
    @Override
    Fs fs() {
        return Fs.JIMFS_NO_LINKS;
    }
}
