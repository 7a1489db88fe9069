package dev.trestle.domain.model;

/** Cooperative cancellation passed down from the RPC layer. */
public interface CancelToken {
    CancelToken NONE = new CancelToken() {
        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void onCancel(Runnable action) {
            // never cancelled
        }
    };

    boolean isCancelled();

    /** Runs {@code action} once when cancelled (immediately if already cancelled). */
    void onCancel(Runnable action);
}
